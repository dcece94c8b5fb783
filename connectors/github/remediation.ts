// The exact `gh api` command for each action on a GitHub subject. Every value
// is provider data: each path segment is URL-encoded and each argument goes
// through shellQuote, so a hostile login or secret name stays one literal word.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote } from '../../src/util/shell.js';

const seg = (v: unknown) => encodeURIComponent(String(v ?? ''));
/** `gh api` with the method and a path built from encoded segments. */
function gh(method: string, parts: unknown[], fields: string[] = []): string {
  const path = '/' + parts.map(seg).join('/');
  return ['gh api -X', method, shellQuote(path), ...fields.map((f) => `-f ${shellQuote(f)}`)].join(' ');
}

const org = (i: RemediationInput) => i.subject.container ?? '';
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function removeAccount(i: RemediationInput): string | null {
  if (i.subject.type !== 'user') return null;
  return i.props.membership === 'outside collaborator'
    ? gh('DELETE', ['orgs', org(i), 'outside_collaborators', i.subject.id])
    : gh('DELETE', ['orgs', org(i), 'members', i.subject.id]);
}

function revokeCredential(i: RemediationInput): string | null {
  const { type, id } = i.subject;
  if (type === 'deploy-key') return gh('DELETE', ['repos', org(i), str(i.props.repository), 'keys', id]);
  if (type === 'credential-authorization') return gh('DELETE', ['orgs', org(i), 'credential-authorizations', id]);
  if (type === 'secret') return gh('DELETE', ['orgs', org(i), 'actions', 'secrets', id]);
  // Revoking a fine-grained token's access to the org takes the grant id, not the token id.
  if (type === 'personal-access-token' && i.props.grantId != null) {
    return gh('POST', ['orgs', org(i), 'personal-access-tokens', i.props.grantId], ['action=revoke']);
  }
  return null;
}

function rotate(i: RemediationInput): string | null {
  // A secret is rotated by setting a new value (gh reads it from stdin); the rest are revoked and reissued.
  if (i.subject.type === 'secret') return `gh secret set ${shellQuote(i.subject.id)} --org ${shellQuote(org(i))}`;
  return revokeCredential(i);
}

function enforceMfa(i: RemediationInput): string | null {
  if (i.subject.type !== 'user') return null;
  // Until the person turns on 2FA, take the admin rights away.
  const steps: string[] = [];
  if (i.props.orgAdmin === true) steps.push(gh('PUT', ['orgs', org(i), 'memberships', i.subject.id], ['role=member']));
  const reasons = Array.isArray(i.evidence.privilegeReasons) ? i.evidence.privilegeReasons.map(String) : [];
  for (const r of reasons) {
    const repo = /^admin of repository (.+)$/.exec(r)?.[1];
    if (repo) steps.push(gh('PUT', ['repos', org(i), repo, 'collaborators', i.subject.id], ['permission=push']));
  }
  return steps.length ? steps.join(' && ') : null;
}

function decommission(i: RemediationInput): string | null {
  // Uninstalling an App takes the App's own JWT (no `gh api` call an org owner can make): the generic instruction stands.
  if (i.subject.type === 'app-installation') return null;
  return revokeCredential(i);
}

/** Mover findings: the subject is the person; the GitHub team is `ORG/TEAM-SLUG`, the logins in `viaAccounts`. */
function removeTeamMembership(i: RemediationInput): string | null {
  if (i.evidence.entitlementSource !== 'github') return null;
  const ent = i.entitlement ?? '';
  const slash = ent.indexOf('/');
  if (slash < 1) return null;
  const logins = Array.isArray(i.evidence.viaAccounts) ? i.evidence.viaAccounts.map(String) : [];
  if (!logins.length) return null;
  return logins.map((l) => gh('DELETE', ['orgs', ent.slice(0, slash), 'teams', ent.slice(slash + 1), 'memberships', l])).join(' && ');
}

/** GitHub has no owner field: the catalog declares one through the identity's catalog id. */
function declareOwner(i: RemediationInput): string | null {
  const id = typeof i.props.catalogId === 'string' ? i.props.catalogId : null;
  if (!id) return null;
  return `Declare an owner: list ${id} in the driftgraph.dev/identities annotation of the catalog Component or Resource that uses it (its spec.owner becomes the owner)`;
}

/** Other connectors' subjects are asked too (a mover's fix lives elsewhere): answer only for GitHub's own. */
const ownSubject =
  (t: RemediationTemplate): RemediationTemplate =>
  (i) =>
    i.subject.source === 'github' ? t(i) : null;

export const githubRemediations: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': ownSubject(removeAccount),
  'link-or-remove-account': ownSubject(removeAccount),
  'deactivate-credential': ownSubject(revokeCredential),
  'rotate-credential': ownSubject(rotate),
  'decommission-identity': ownSubject(decommission),
  'enforce-mfa': ownSubject(enforceMfa),
  'assign-owner': ownSubject(declareOwner),
  'reassign-owner': ownSubject(declareOwner),
  // A mover is an HR person; the team to leave is GitHub's.
  'remove-entitlement': removeTeamMembership,
};
