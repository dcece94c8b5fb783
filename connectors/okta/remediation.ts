// What to do in Okta about a sign-in finding: end the person's sessions
// (`DELETE /api/v1/users/{id}/sessions`, the exact API call), and for an
// untrusted device, require a managed one. Every value goes through
// shellQuote; the token stays in its environment variable.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote } from '../../src/util/shell.js';

interface SignInEvidence {
  source?: unknown;
  oktaUserId?: unknown;
  actorEmail?: unknown;
}

function signIns(input: RemediationInput): SignInEvidence[] {
  return Array.isArray(input.evidence.signIns) ? (input.evidence.signIns as SignInEvidence[]) : [];
}

export function clearSessions(input: RemediationInput): string | null {
  const first = signIns(input)[0];
  // Another source's sign-ins (Entra ID) are ended in that source.
  if (!first || (typeof first.source === 'string' && first.source !== 'okta')) return null;
  const user = typeof first.oktaUserId === 'string' ? first.oktaUserId : String(first.actorEmail ?? input.props.email ?? '');
  if (!user) return null;
  const org = typeof input.evidence.oktaOrgUrl === 'string' ? input.evidence.oktaOrgUrl.replace(/\/+$/, '') : 'https://YOUR_ORG.okta.com';
  const url = `${org}/api/v1/users/${encodeURIComponent(user)}/sessions?oauthTokens=true`;
  return `curl -sS -X DELETE -H "Authorization: SSWS $OKTA_API_TOKEN" -H 'Accept: application/json' ${shellQuote(url)}`;
}

export const oktaRemediations: Partial<Record<string, RemediationTemplate>> = {
  'investigate-activity': clearSessions,
  'require-managed-device': (input) => {
    const clear = clearSessions(input);
    if (!clear) return null;
    // Okta has no single call that makes one app require a managed device: it is a device assurance
    // policy referenced by the authentication policy rule, so the second step is named, not scripted.
    return `${clear}  # then require a managed device: add a device assurance policy (POST /api/v1/device-assurances) to the authentication policy rule of the apps this person uses`;
  },
};
