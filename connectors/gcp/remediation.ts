// The exact gcloud command for each remediation action on a GCP subject.
// Every provider value goes through shellQuote; placeholders a person must
// fill in are written in capitals.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';
import { gcpSecretRemediations } from './remediation-secrets.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const project = (i: RemediationInput) => String(i.subject.container ?? i.props.container ?? '');

function removeBindings(projectId: string, member: string, roles: string[]): string | null {
  if (!roles.length) return null;
  // --all: the member loses the role whatever condition a binding carries.
  return roles
    .map((role) => `gcloud projects remove-iam-policy-binding ${q(projectId)} --member=${q(member)} --role=${q(role)} --all`)
    .join(' && ');
}

function keyDisable(i: RemediationInput): string {
  const keyId = String(i.props.keyId ?? i.subject.id.split('/').pop());
  return `gcloud iam service-accounts keys disable ${q(keyId)} --iam-account=${q(i.props.serviceAccount)} --project=${q(project(i))}`;
}

function ownerUpdate(i: RemediationInput): string | null {
  if (i.subject.type === 'service-account') {
    return `gcloud iam service-accounts update ${q(i.subject.id)} --project=${q(project(i))} --description=${q('owner: OWNER_EMAIL')}`;
  }
  if (i.subject.type === 'service-account-key') {
    return `gcloud iam service-accounts update ${q(i.props.serviceAccount)} --project=${q(project(i))} --description=${q('owner: OWNER_EMAIL')}`;
  }
  return null;
}

const PROVIDER = /^projects\/([^/]+)\/locations\/([^/]+)\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

const templates: Partial<Record<string, RemediationTemplate>> = {
  'disable-account': (i) => (i.subject.type === 'binding' ? removeBindings(project(i), i.subject.id, list(i.props.roles)) : null),
  'link-or-remove-account': (i) => (i.subject.type === 'binding' ? removeBindings(project(i), i.subject.id, list(i.props.roles)) : null),
  'deactivate-credential': (i) => (i.subject.type === 'service-account-key' ? keyDisable(i) : null),
  'rotate-credential': (i) =>
    i.subject.type === 'service-account-key'
      ? `gcloud iam service-accounts keys create NEW_KEY_FILE.json --iam-account=${q(i.props.serviceAccount)} --project=${q(project(i))} && ${keyDisable(i)}`
      : null,
  'assign-owner': ownerUpdate,
  'reassign-owner': ownerUpdate,
  'decommission-identity': (i) => {
    if (i.subject.type === 'service-account') return `gcloud iam service-accounts disable ${q(i.subject.id)} --project=${q(project(i))}`;
    if (i.subject.type === 'service-account-key') return keyDisable(i);
    return null;
  },
  'restrict-trust': (i) => {
    const m = PROVIDER.exec(i.subject.id);
    if (!m) return null;
    return (
      `gcloud iam workload-identity-pools providers update-oidc ${q(m[4])} --project=${q(m[1])} --location=${q(m[2])} ` +
      `--workload-identity-pool=${q(m[3])} --attribute-condition=${q("assertion.repository == 'OWNER/REPO'")}`
    );
  },
  'remove-entitlement': (i) => {
    // Mover findings name the person; the entitlement is `PROJECT/ROLE`, held through `user:` members.
    if (i.evidence.entitlementSource !== 'gcp') return null;
    const ent = i.entitlement ?? '';
    const slash = ent.indexOf('/');
    if (slash < 0) return null;
    const projectId = ent.slice(0, slash);
    const role = ent.slice(slash + 1);
    const members = list(i.evidence.viaAccounts).map((email) => `user:${email}`);
    if (!members.length) return null;
    return members.map((m) => removeBindings(projectId, m, [role])).join(' && ');
  },
};

/**
 * Every connector is asked for every finding (a mover's fix lives in another
 * system than its subject): answer only for GCP subjects, and for mover
 * findings whose entitlement is a GCP binding.
 */
export const gcpRemediations: Partial<Record<string, RemediationTemplate>> = Object.fromEntries(
  [...new Set([...Object.keys(templates), ...Object.keys(gcpSecretRemediations)])].map((action) => [
    action,
    (i: RemediationInput) => {
      if (i.subject.source === 'gcp' && i.subject.type === 'secret') return gcpSecretRemediations[action]?.(i) ?? null;
      return i.subject.source === 'gcp' || action === 'remove-entitlement' ? (templates[action]?.(i) ?? null) : null;
    },
  ]),
);
