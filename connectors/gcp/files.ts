// The files of a project's folder (`<snapshot>/gcp/<project-id>/`): what the
// collector writes and the reader reads. Small on purpose: the connector's
// entry lists them without loading the reader.
export const SECRETS_FILE = 'secrets.json';
export const VERSIONS_DIR = 'secret-versions';

export const FILES = {
  accounts: 'service-accounts.json',
  keys: 'service-account-keys.json',
  policy: 'iam-policy.json',
  accountActivity: 'activity/serviceAccountLastAuthentication.json',
  keyActivity: 'activity/serviceAccountKeyLastAuthentication.json',
  pools: 'workload-identity-pools.json',
  secrets: SECRETS_FILE,
  secretVersions: VERSIONS_DIR,
} as const;
