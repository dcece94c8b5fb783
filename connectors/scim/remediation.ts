// The SCIM call that deactivates a user (RFC 7644 3.5.2 PATCH, `active`
// false), written as one curl line. Every value from the app or the config
// goes through shellQuote; the token stays in its environment variable.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote } from '../../src/util/shell.js';

const PATCH_BODY = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'active', value: false }],
});

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function deactivateUser(input: RemediationInput): string | null {
  if (input.subject.source !== 'scim' || input.subject.type !== 'user') return null;
  const base = typeof input.props.scimBaseUrl === 'string' ? input.props.scimBaseUrl.replace(/\/+$/, '') : null;
  const url = `${base ?? 'SCIM_BASE_URL'}/Users/${encodeURIComponent(input.subject.id)}`;
  const env = typeof input.props.scimTokenEnv === 'string' && ENV_NAME.test(input.props.scimTokenEnv) ? input.props.scimTokenEnv : 'SCIM_TOKEN';
  // The header is double-quoted on purpose so the shell expands the token variable; its name was checked above.
  return (
    `curl -sS -X PATCH -H "Authorization: Bearer \$${env}" -H 'Content-Type: application/scim+json' ` +
    `--data ${shellQuote(PATCH_BODY)} ${shellQuote(url)}`
  );
}

export const scimRemediations: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': deactivateUser,
  'link-or-remove-account': deactivateUser,
  'decommission-identity': deactivateUser,
};
