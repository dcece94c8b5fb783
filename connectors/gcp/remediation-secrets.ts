// `gcloud secrets` commands for findings about a Secret Manager secret. Built
// from the project, the secret id and version numbers only, every value
// through shellQuote. Revoking means disabling its enabled versions (undo:
// `gcloud secrets versions enable`); no command reads or prints a value.
import type { RemediationInput, RemediationTemplate } from '../../src/sources/connector.js';
import { shellQuote as q } from '../../src/util/shell.js';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const project = (i: RemediationInput) => String(i.subject.container ?? '');
const secretId = (i: RemediationInput) => String(i.props.secretId ?? i.subject.id.split('/').pop());

export function disableVersions(i: RemediationInput): string {
  const versions = list(i.props.enabledVersions);
  const one = (v: string) => `gcloud secrets versions disable ${q(v)} --secret=${q(secretId(i))} --project=${q(project(i))}`;
  // Versions unknown (no versions file): every enabled one, found at run time.
  if (!versions.length) {
    const where = `--secret=${q(secretId(i))} --project=${q(project(i))}`;
    return `for v in $(gcloud secrets versions list ${q(secretId(i))} --project=${q(project(i))} --filter=state:ENABLED --format='value(name)'); do gcloud secrets versions disable "$v" ${where}; done`;
  }
  return versions.map(one).join(' && ') + `  # undo: gcloud secrets versions enable VERSION --secret=${q(secretId(i))} --project=${q(project(i))}`;
}

const label = (i: RemediationInput) =>
  `gcloud secrets update ${q(secretId(i))} --project=${q(project(i))} --update-annotations=owner=OWNER_EMAIL_OR_TEAM`;

export const gcpSecretRemediations: Record<string, RemediationTemplate> = {
  'assign-owner': label,
  'reassign-owner': label,
  'deactivate-credential': disableVersions,
  'decommission-identity': disableVersions,
  // A new version from a file (never a value on the command line), then the old ones off.
  'rotate-credential': (i) =>
    `gcloud secrets versions add ${q(secretId(i))} --project=${q(project(i))} --data-file=NEW_VALUE_FILE && ${disableVersions(i)}`,
  'split-identity': (i) =>
    `gcloud secrets create ${q(`${secretId(i)}-SERVICE`)} --project=${q(project(i))} --replication-policy=automatic` +
    `  # one secret per service; then remove ${q(i.subject.id)} from all but one catalog entry`,
};
