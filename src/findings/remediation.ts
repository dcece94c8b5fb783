// Remediation: the exact provider command where a connector has one, else a
// short instruction. The subject's own connector is asked first; then the
// others, for findings whose subject lives in one system and whose fix in
// another (a mover is an HR person; the group to leave is AWS's).
import type { Registry, RemediationInput } from '../sources/connector.js';

export type { RemediationInput } from '../sources/connector.js';

const GENERIC: Record<string, string> = {
  'disable-account': 'Disable or delete the account in {source} ({container})',
  'deactivate-credential': 'Deactivate or delete the credential {id} in {source}',
  'rotate-credential': 'Rotate the credential {id}: deploy a new one with an expiry, then revoke this one',
  'assign-owner': 'Declare an owner: list it in the catalog (driftgraph.dev/identities) or tag it with owner=<email or team>',
  'reassign-owner': 'Hand {id} to an active owner (catalog spec.owner or owner tag), or decommission it',
  'decommission-identity': 'Disable {id}: the service that used it is retired',
  'enforce-mfa': 'Require MFA for {id}',
  'remove-console-access': 'Remove the console password of {id}: a non-human identity needs no interactive sign-in',
  'restrict-trust': 'Restrict the trust of {id} to one exact repository',
  'investigate-activity': 'Confirm the activity of {id} with its owner; restrict where it can act from',
  'link-or-remove-account': 'Link {id} to its person (email, SAML identity, or a manual link in driftgraph.yaml) or remove it',
  'remove-entitlement': 'Remove {entitlement} from {id}',
  'split-identity': 'Give each service its own identity instead of sharing {id}',
  'require-managed-device': 'End the sessions of {id} and require a managed, compliant device for privileged sign-ins',
  'complete-review': 'Decide the access review of {id}: keep, revoke, reassign its owner, or not mine (driftgraph review decide, or the reviewer\'s link)',
  'declare-metadata': 'Declare what is missing for {id} (its evidence says which): an owner, a purpose and an expiry, as tags (owner=, purpose=, expires=) or in the catalog',
};

export const REMEDIATION_ACTIONS: readonly string[] = Object.keys(GENERIC);

export function remediationFor(input: RemediationInput, registry: Registry): string {
  const own = registry.find((c) => c.source === input.subject.source);
  const ordered = own ? [own, ...registry.filter((c) => c !== own)] : registry;
  for (const c of ordered) {
    const specific = c.remediations?.[input.action]?.(input);
    if (specific) return specific;
  }
  const template = GENERIC[input.action] ?? 'Review {id}';
  return template.replace(/\{(\w+)\}/g, (_, k: string) =>
    k === 'entitlement' ? String(input.entitlement ?? '') : String((input.subject as unknown as Record<string, unknown>)[k] ?? ''),
  );
}
