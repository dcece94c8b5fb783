// One tenant, live: every file of `entra/<tenant-id>/` from Microsoft Graph,
// each list with `$select` (only what the snapshot format names), paged by
// `@odata.nextLink`, per-object lists through `$batch`. A report the app may
// not read (sign-in activity needs a P1 licence; the reports need
// AuditLog.Read.All) is left out with a warning: the loader then knows use
// is unknown. Any other failed call fails the tenant.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import { batchLists } from './collect-batch.js';
import { statusOf } from './collect-client.js';
import { collectPages, forEachPage, pick, PagesFile, type Item } from './collect-pages.js';
import { FILES } from './files.js';

const USER = ['id', 'userPrincipalName', 'displayName', 'mail', 'otherMails', 'employeeId', 'accountEnabled', 'userType', 'createdDateTime'];
const CREDENTIAL = ['keyId', 'displayName', 'startDateTime', 'endDateTime', 'type', 'usage'] as const;
const APP = ['id', 'appId', 'displayName', 'createdDateTime', 'passwordCredentials', 'keyCredentials'];
const SP = ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled', 'appOwnerOrganizationId', 'passwordCredentials', 'keyCredentials', 'tags', 'notes'];
const SIGN_IN = ['id', 'createdDateTime', 'userId', 'userPrincipalName', 'appDisplayName', 'ipAddress', 'location', 'status', 'deviceDetail'];
const DEVICE = ['id', 'deviceId', 'displayName', 'operatingSystem', 'isCompliant', 'isManaged', 'approximateLastSignInDateTime'];
const REF = ['@odata.type', 'id'] as const;

/** Credentials with only their metadata: no hint, customKeyIdentifier, key or secretText. */
const withCredentials = (fields: string[]) => (o: Item) =>
  pick(o, fields.map((f) => (f === 'passwordCredentials' || f === 'keyCredentials' ? ([f, CREDENTIAL] as [string, readonly string[]]) : f)));

export interface TenantCollectOptions {
  now: string;
  /** For the one beta report (service principal sign-in activity). */
  graphUrl: string;
  signInDays: number;
  batchSize: number;
  warn(message: string): void;
  step(message: string): void;
}

/** 403/404/400 on an optional report: not licensed or not permitted, so the file is left out. */
async function optional(name: string, o: TenantCollectOptions, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const status = statusOf((e as { cause?: unknown }).cause ?? e) ?? (e as { place?: { status?: number } }).place?.status;
    if (status !== 400 && status !== 403 && status !== 404) throw e;
    o.warn(`${name} not collected (Graph answered ${status}): what it tells is unknown for this tenant`);
  }
}

async function writeRefs(dir: string, folder: string, key: string, items: Item[]): Promise<void> {
  await writeFile(join(dir, folder, `${key}.json`), JSON.stringify({ value: items.map((i) => pick(i, REF)) }) + '\n');
}

export async function collectTenant(client: Client, dir: string, o: TenantCollectOptions): Promise<void> {
  for (const f of [FILES.groupMembersDir, FILES.applicationOwnersDir, FILES.servicePrincipalOwnersDir]) await mkdir(join(dir, f), { recursive: true });

  o.step('users');
  try {
    await collectPages(client, `/users?$select=${[...USER, 'signInActivity'].join(',')}&$top=999`, join(dir, FILES.users), (u) => pick(u, [...USER, 'signInActivity']));
  } catch (e) {
    const status = (e as { place?: { status?: number } }).place?.status;
    if (status !== 403) throw e;
    // signInActivity needs a P1 licence and AuditLog.Read.All: without it, users load without use.
    o.warn('users: signInActivity not readable (403): dormant-account cannot judge this tenant');
    await rm(join(dir, FILES.users), { force: true });
    await collectPages(client, `/users?$select=${USER.join(',')}&$top=999`, join(dir, FILES.users), (u) => pick(u, USER));
  }

  o.step('groups and members');
  const groupIds: string[] = [];
  await collectPages(client, '/groups?$select=id,displayName,isAssignableToRole,securityEnabled&$top=999', join(dir, FILES.groups), (g) => {
    groupIds.push(String(g.id));
    return pick(g, ['id', 'displayName', 'isAssignableToRole', 'securityEnabled']);
  });
  await batchLists(client, groupIds.map((id) => ({ key: id, url: `/groups/${id}/members?$select=id&$top=999` })), o.batchSize, (id, items) =>
    writeRefs(dir, FILES.groupMembersDir, id, items),
  );

  o.step('directory role assignments');
  await collectPages(
    client,
    '/roleManagement/directory/roleAssignments?$select=id,principalId,roleDefinitionId,directoryScopeId&$expand=roleDefinition($select=id,displayName,templateId,isBuiltIn)',
    join(dir, FILES.roleAssignments),
    (a) => pick(a, ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', ['roleDefinition', ['id', 'displayName', 'templateId', 'isBuiltIn', 'isPrivileged']]]),
  );

  o.step('app registrations, owners and federated credentials');
  // Kept until their federated credentials are in: they are written together.
  const apps: Item[] = [];
  await forEachPage(client, `/applications?$select=${APP.join(',')}&$top=999`, async (items) => {
    for (const a of items) apps.push(withCredentials(APP)(a));
  });
  const fics = new Map<string, Item[]>();
  await batchLists(
    client,
    apps.flatMap((a) => [
      { key: `owners:${a.id}`, url: `/applications/${a.id}/owners?$select=id` },
      { key: `fic:${a.id}`, url: `/applications/${a.id}/federatedIdentityCredentials` },
    ]),
    o.batchSize,
    async (key, items) => {
      const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      if (kind === 'owners') await writeRefs(dir, FILES.applicationOwnersDir, id, items);
      else fics.set(id, items.map((f) => pick(f, ['id', 'name', 'issuer', 'subject', 'audiences', ['claimsMatchingExpression', ['value', 'languageVersion']]])));
    },
  );
  const appsFile = await PagesFile.open(join(dir, FILES.applications));
  await appsFile.page(apps.map((a) => ({ ...a, federatedIdentityCredentials: fics.get(String(a.id)) ?? [] })));
  await appsFile.close();

  o.step('service principals and owners');
  const spIds: string[] = [];
  await collectPages(client, `/servicePrincipals?$select=${SP.join(',')}&$top=999`, join(dir, FILES.servicePrincipals), (sp) => {
    spIds.push(String(sp.id));
    return withCredentials(SP)(sp);
  });
  await batchLists(client, spIds.map((id) => ({ key: id, url: `/servicePrincipals/${id}/owners?$select=id` })), o.batchSize, (id, items) =>
    writeRefs(dir, FILES.servicePrincipalOwnersDir, id, items),
  );

  o.step('reports: service principal sign-ins, sign-in log, devices, MFA registration');
  await optional(FILES.servicePrincipalSignIns, o, () =>
    collectPages(client, `${o.graphUrl}/beta/reports/servicePrincipalSignInActivities`, join(dir, FILES.servicePrincipalSignIns), (a) =>
      pick(a, ['id', 'appId', ['lastSignInActivity', ['lastSignInDateTime']], ['applicationAuthenticationClientSignInActivity', ['lastSignInDateTime']], ['delegatedClientSignInActivity', ['lastSignInDateTime']]]),
    ).catch(async (e) => {
      await rm(join(dir, FILES.servicePrincipalSignIns), { force: true });
      throw e;
    }),
  );
  const since = new Date(Date.parse(o.now) - o.signInDays * 86_400_000).toISOString();
  await optional(FILES.signIns, o, () =>
    collectPages(client, `/auditLogs/signIns?$filter=createdDateTime ge ${since}&$top=1000`, join(dir, FILES.signIns), (s) =>
      pick(s, SIGN_IN.map((f) =>
        f === 'location' ? (['location', ['city', 'countryOrRegion']] as [string, readonly string[]])
        : f === 'status' ? (['status', ['errorCode']] as [string, readonly string[]])
        : f === 'deviceDetail' ? (['deviceDetail', ['deviceId', 'displayName', 'operatingSystem', 'isCompliant', 'isManaged']] as [string, readonly string[]])
        : f)),
    ).catch(async (e) => {
      await rm(join(dir, FILES.signIns), { force: true });
      throw e;
    }),
  );
  await optional(FILES.devices, o, () =>
    collectPages(client, `/devices?$select=${DEVICE.join(',')}&$top=999`, join(dir, FILES.devices), (d) => pick(d, DEVICE)).catch(async (e) => {
      await rm(join(dir, FILES.devices), { force: true });
      throw e;
    }),
  );
  await optional(FILES.mfaRegistration, o, () =>
    collectPages(client, '/reports/authenticationMethods/userRegistrationDetails?$select=id,userPrincipalName,isMfaRegistered,isAdmin&$top=999', join(dir, FILES.mfaRegistration), (m) =>
      pick(m, ['id', 'userPrincipalName', 'isMfaRegistered', 'isAdmin']),
    ).catch(async (e) => {
      await rm(join(dir, FILES.mfaRegistration), { force: true });
      throw e;
    }),
  );
}
