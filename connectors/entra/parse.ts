// Graph items -> the snapshot model. Each function reads one item and fails
// with the file and JSON path; fields not listed here are never read, so a
// secret value an export carries (`secretText`, `hint`, `customKeyIdentifier`,
// a certificate's `key`) never gets further than the parser's input.
import { latest } from '../../src/util/time.js';
import { EMAIL } from '../lib/id-formats.js';
import type { GraphReader, Json } from './json.js';
import type {
  AppCredential,
  Application,
  DirectoryRef,
  EntraDevice,
  EntraGroup,
  EntraUser,
  FederatedCredential,
  RoleAssignment,
  ServicePrincipal,
  SignInEvent,
} from './model.js';

export function parseUser(o: Json, path: string, r: GraphReader): EntraUser {
  const activity = r.optObject(o, 'signInActivity', path);
  const ap = `${path}.signInActivity`;
  return {
    id: r.id(o, 'id', path),
    userPrincipalName: r.optId(o, 'userPrincipalName', path, EMAIL),
    displayName: r.optString(o, 'displayName', path),
    mail: r.optId(o, 'mail', path, EMAIL),
    otherMails: r.strings(o, 'otherMails', path).map((m, i) => r.inFormat(m, `${path}.otherMails[${i}]`, EMAIL)),
    employeeId: r.optId(o, 'employeeId', path),
    accountEnabled: r.optBoolean(o, 'accountEnabled', path),
    userType: r.optString(o, 'userType', path),
    createdAt: r.instant(o, 'createdDateTime', path),
    lastSignInAt: activity
      ? latest(
          r.instant(activity, 'lastSignInDateTime', ap),
          r.instant(activity, 'lastNonInteractiveSignInDateTime', ap),
          r.instant(activity, 'lastSuccessfulSignInDateTime', ap),
        )
      : null,
    signInReported: 'signInActivity' in o,
  };
}

export function parseGroup(o: Json, path: string, r: GraphReader): EntraGroup {
  return {
    id: r.id(o, 'id', path),
    displayName: r.optString(o, 'displayName', path),
    isAssignableToRole: r.optBoolean(o, 'isAssignableToRole', path),
    securityEnabled: r.optBoolean(o, 'securityEnabled', path),
  };
}

/** `#microsoft.graph.user` -> `user`. */
export function parseRef(o: Json, path: string, r: GraphReader): DirectoryRef {
  const type = r.optString(o, '@odata.type', path);
  return { id: r.id(o, 'id', path), kind: type ? type.replace(/^#?microsoft\.graph\./, '') : null };
}

export function parseRoleAssignment(o: Json, path: string, r: GraphReader): RoleAssignment {
  const def = r.optObject(o, 'roleDefinition', path);
  const dp = `${path}.roleDefinition`;
  return {
    id: r.id(o, 'id', path),
    principalId: r.id(o, 'principalId', path),
    roleDefinitionId: r.id(o, 'roleDefinitionId', path),
    directoryScopeId: r.optString(o, 'directoryScopeId', path),
    roleName: def ? r.optString(def, 'displayName', dp) : null,
    templateId: def ? r.optId(def, 'templateId', dp) : null,
    isPrivileged: def ? r.optBoolean(def, 'isPrivileged', dp) : null,
  };
}

function parseCredentials(o: Json, path: string, r: GraphReader): AppCredential[] {
  const out: AppCredential[] = [];
  for (const [key, kind] of [['passwordCredentials', 'client-secret'], ['keyCredentials', 'certificate']] as const) {
    for (const { item, path: p } of r.objects(o, key, path)) {
      out.push({
        keyId: r.id(item, 'keyId', p),
        kind,
        displayName: r.optString(item, 'displayName', p),
        startAt: r.instant(item, 'startDateTime', p),
        endAt: r.instant(item, 'endDateTime', p),
        usage: kind === 'certificate' ? r.optString(item, 'usage', p) : null,
      });
    }
  }
  return out;
}

function parseFederated(o: Json, path: string, r: GraphReader): FederatedCredential {
  const expr = r.optObject(o, 'claimsMatchingExpression', path);
  return {
    id: r.id(o, 'id', path),
    name: r.optString(o, 'name', path),
    issuer: r.string(o, 'issuer', path),
    subject: r.optString(o, 'subject', path),
    expression: expr ? r.optString(expr, 'value', `${path}.claimsMatchingExpression`) : null,
  };
}

export function parseApplication(o: Json, path: string, r: GraphReader): Application {
  return {
    id: r.id(o, 'id', path),
    appId: r.id(o, 'appId', path),
    displayName: r.optString(o, 'displayName', path),
    createdAt: r.instant(o, 'createdDateTime', path),
    credentials: parseCredentials(o, path, r),
    federated:
      o.federatedIdentityCredentials === undefined
        ? null
        : r.objects(o, 'federatedIdentityCredentials', path).map(({ item, path: p }) => parseFederated(item, p, r)),
  };
}

export function parseServicePrincipal(o: Json, path: string, r: GraphReader): ServicePrincipal {
  return {
    id: r.id(o, 'id', path),
    appId: r.id(o, 'appId', path),
    displayName: r.optString(o, 'displayName', path),
    servicePrincipalType: r.optString(o, 'servicePrincipalType', path),
    accountEnabled: r.optBoolean(o, 'accountEnabled', path),
    appOwnerOrganizationId: r.optString(o, 'appOwnerOrganizationId', path),
    credentials: parseCredentials(o, path, r),
    tags: r.strings(o, 'tags', path),
    notes: r.optString(o, 'notes', path),
  };
}

/** The report's latest sign-in of an app (any flow); null when it lists none. */
export function parseSpActivity(o: Json, path: string, r: GraphReader): { appId: string; lastSignInAt: string | null } {
  const times: (string | null)[] = [];
  for (const key of [
    'lastSignInActivity',
    'applicationAuthenticationClientSignInActivity',
    'delegatedClientSignInActivity',
  ]) {
    const a = r.optObject(o, key, path);
    if (a) times.push(r.instant(a, 'lastSignInDateTime', `${path}.${key}`));
  }
  return { appId: r.id(o, 'appId', path), lastSignInAt: latest(...times) };
}

/** One sign-in event; throws (file, JSON path) when it cannot be read, and the caller skips and counts it. */
export function parseSignIn(o: Json, path: string, r: GraphReader): { event: SignInEvent; ok: boolean } {
  const createdAt = r.instant(o, 'createdDateTime', path);
  if (!createdAt) r.fail(`${path}.createdDateTime`, 'missing');
  const status = r.optObject(o, 'status', path);
  const code = status?.errorCode;
  if (code !== undefined && code !== null && typeof code !== 'number') r.fail(`${path}.status.errorCode`, 'expected a number');
  const location = r.optObject(o, 'location', path);
  const device = r.optObject(o, 'deviceDetail', path);
  const dp = `${path}.deviceDetail`;
  return {
    ok: code === 0,
    event: {
      userId: r.optId(o, 'userId', path),
      userPrincipalName: r.optId(o, 'userPrincipalName', path, EMAIL)?.toLowerCase() ?? null,
      createdAt,
      ipAddress: r.optString(o, 'ipAddress', path),
      country: location ? (r.optString(location, 'countryOrRegion', `${path}.location`)?.toUpperCase() ?? null) : null,
      city: location ? r.optString(location, 'city', `${path}.location`) : null,
      deviceId: device ? r.optId(device, 'deviceId', dp) : null,
      deviceName: device ? r.optString(device, 'displayName', dp) : null,
      isCompliant: device ? r.optBoolean(device, 'isCompliant', dp) : null,
      isManaged: device ? r.optBoolean(device, 'isManaged', dp) : null,
      appDisplayName: r.optString(o, 'appDisplayName', path),
    },
  };
}

export function parseDevice(o: Json, path: string, r: GraphReader): EntraDevice {
  return {
    deviceId: r.id(o, 'deviceId', path),
    objectId: r.optId(o, 'id', path),
    displayName: r.optString(o, 'displayName', path),
    operatingSystem: r.optString(o, 'operatingSystem', path),
    isCompliant: r.optBoolean(o, 'isCompliant', path),
    isManaged: r.optBoolean(o, 'isManaged', path),
    lastSignInAt: r.instant(o, 'approximateLastSignInDateTime', path),
  };
}

export function parseMfa(o: Json, path: string, r: GraphReader): { id: string; registered: boolean } {
  return { id: r.id(o, 'id', path), registered: r.optBoolean(o, 'isMfaRegistered', path) === true };
}
