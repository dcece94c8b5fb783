// The exact `az` command per action on an Entra subject. Every provider value
// goes through shellQuote; JSON bodies are built with JSON.stringify and then
// quoted; a new secret is never printed to the terminal.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';

const GRAPH = 'https://graph.microsoft.com/v1.0';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const own = (i: RemediationInput, ...types: string[]) => i.subject.source === 'entra' && types.includes(i.subject.type);

function rest(method: string, url: string, body?: unknown): string {
  return `az rest --method ${method} --url ${q(url)}${body === undefined ? '' : ` --body ${q(JSON.stringify(body))}`}`;
}

const revokeSessions = (userId: string) => rest('POST', `${GRAPH}/users/${encodeURIComponent(userId)}/revokeSignInSessions`);

/** Delete one client secret or certificate where it lives: on the app registration or on the service principal. */
function deleteCredential(i: RemediationInput): string | null {
  if (!own(i, 'client-secret', 'certificate')) return null;
  const cert = i.subject.type === 'certificate' ? ' --cert' : '';
  if (i.props.heldBy === 'application' && str(i.props.appId)) {
    return `az ad app credential delete --id ${q(i.props.appId)} --key-id ${q(i.subject.id)}${cert}`;
  }
  const sp = str(i.props.holderObjectId);
  return sp ? `az ad sp credential delete --id ${q(sp)} --key-id ${q(i.subject.id)}${cert}` : null;
}

function addOwner(i: RemediationInput): string | null {
  if (!own(i, 'service-principal', 'application')) return null;
  const appId = str(i.props.appId);
  if (str(i.props.applicationObjectId) && appId) return `az ad app owner add --id ${q(appId)} --owner-object-id OWNER_OBJECT_ID`;
  return rest('POST', `${GRAPH}/servicePrincipals/${encodeURIComponent(i.subject.id)}/owners/$ref`, {
    '@odata.id': `${GRAPH}/directoryObjects/OWNER_OBJECT_ID`,
  });
}

function disableUser(i: RemediationInput): string | null {
  if (!own(i, 'user')) return null;
  return `az ad user update --id ${q(i.subject.id)} --account-enabled false && ${revokeSessions(i.subject.id)}`;
}

/** The Entra user of a person finding's latest sign-in, when that sign-in is Entra's. */
function signInUser(i: RemediationInput): string | null {
  const first = Array.isArray(i.evidence.signIns) ? (i.evidence.signIns[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || first.source !== 'entra') return null;
  return str(first.actorId);
}

function removeEntitlement(i: RemediationInput): string | null {
  if (i.evidence.entitlementSource !== 'entra') return null;
  const ent = i.entitlement ?? '';
  const accounts = list(i.evidence.viaAccounts);
  if (!accounts.length) return null;
  const userId = (upn: string) => `"$(az ad user show --id ${q(upn)} --query id -o tsv)"`;
  if (ent.startsWith('group/')) {
    const group = ent.slice('group/'.length);
    return accounts.map((u) => `az ad group member remove --group ${q(group)} --member-id ${userId(u)}`).join(' && ');
  }
  if (ent.startsWith('directory-role/')) {
    const role = ent.slice('directory-role/'.length);
    return accounts
      .map(
        (u) =>
          `for a in $(az rest --method GET --url ${q(`${GRAPH}/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${role.replace(/'/g, "''")}'`)} --query "value[?principalId=='$(az ad user show --id ${q(u)} --query id -o tsv)'].id" -o tsv); do ` +
          `az rest --method DELETE --url ${q(`${GRAPH}/roleManagement/directory/roleAssignments/`)}"$a"; done`,
      )
      .join(' && ');
  }
  return null;
}

export const entraRemediations: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': disableUser,
  'deactivate-credential': deleteCredential,
  'rotate-credential': (i) => {
    const del = deleteCredential(i);
    if (!del) return null;
    return `# issue a replacement with an end date into your secret store first (az ad app credential reset --id APP_ID --append --end-date YYYY-MM-DD, output piped to the store); then retire this one: ${del}`;
  },
  'assign-owner': addOwner,
  'reassign-owner': addOwner,
  'decommission-identity': (i) => {
    if (own(i, 'service-principal')) return `az ad sp update --id ${q(i.subject.id)} --set accountEnabled=false`;
    if (own(i, 'application')) return `az ad app delete --id ${q(i.props.appId ?? i.subject.id)}`;
    return deleteCredential(i);
  },
  'enforce-mfa': (i) => {
    if (!own(i, 'user')) return null;
    return `${revokeSessions(i.subject.id)}  # then have the user register MFA (https://aka.ms/mfasetup) and require it for directory roles with a Conditional Access policy`;
  },
  'restrict-trust': (i) => {
    if (!own(i, 'service-principal', 'application') || !str(i.props.appId)) return null;
    const names = list(i.props.federatedCredentials);
    const issue = list(i.evidence.issues).join(' ');
    const name = names.find((n) => issue.includes(`: ${n} (`)) ?? names[0] ?? 'CREDENTIAL_NAME';
    return `az ad app federated-credential update --id ${q(i.props.appId)} --federated-credential-id ${q(name)} --parameters ${q(JSON.stringify({ subject: 'repo:ORG/REPO:ref:refs/heads/main' }))}`;
  },
  'investigate-activity': (i) => {
    const user = signInUser(i);
    return user ? revokeSessions(user) : null;
  },
  'require-managed-device': (i) => {
    const user = signInUser(i);
    return user ? `${revokeSessions(user)}  # then require a compliant device for this person's sign-ins with a Conditional Access policy (grant control compliantDevice)` : null;
  },
  'link-or-remove-account': (i) => {
    if (!own(i, 'user')) return null;
    return `${rest('PATCH', `${GRAPH}/users/${encodeURIComponent(i.subject.id)}`, { employeeId: 'EMPLOYEE_ID' })}  # or disable it: az ad user update --id ${q(i.subject.id)} --account-enabled false`;
  },
  'split-identity': (i) =>
    own(i, 'service-principal', 'application')
      ? `az ad app create --display-name SERVICE-app  # one app registration per service; then remove ${q(i.props.appId ?? i.subject.id)} from all but one catalog entry`
      : null,
  'remove-entitlement': removeEntitlement,
};
