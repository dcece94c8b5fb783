// The AWS connector: `<snapshot>/aws/<account-id>/` folders -> graph records,
// and (through collect.ts) live IAM and Secrets Manager -> such folders. Each account is a
// container: a broken file fails its account only.
import { join } from 'node:path';
import type { Connector } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { awsConfigSchema, type AwsConfig } from './config.js';
import { mapAccount } from './map.js';
import { ACCOUNT_ID, readAccountSnapshot } from './read-snapshot.js';
import { awsRemediations } from './remediation.js';
import { awsRevocations } from './actions.js';

export const awsConnector: Connector<AwsConfig> = {
  source: 'aws',
  label: 'AWS',
  hasContainers: true,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: ['account-authorization-details.json', 'credential-report.csv', 'access-keys.json', 'secrets.json', 'cloudtrail'],
  // An account maps from its own folder and the config alone, never from the scan's now.
  skipsUnchanged: true,
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'IAM user' },
    { type: 'role', label: 'Identity', words: 'IAM role' },
    { type: 'access-key', label: 'Credential', words: 'access key' },
    { type: 'secret', label: 'Credential', words: 'Secrets Manager secret' },
    { type: 'group', label: 'Entitlement', words: 'IAM group' },
    { type: 'api-activity', label: 'Activity', words: 'API activity' },
  ],
  configSchema: awsConfigSchema,
  async loadSnapshot(ctx) {
    const listing = await listContainerFolders(ctx.snapshotDir, 'aws', 'an account', { name: ACCOUNT_ID, why: 'folder name is not a 12-digit AWS account id' });
    return loadContainerFolders(
      'aws',
      listing,
      async (accountId) => mapAccount(await readAccountSnapshot({ accountId, dir: join(ctx.snapshotDir, 'aws', accountId) }, ctx.shared.maxBadEventShare)),
      ctx,
    );
  },
  async collect(outDir, ctx) {
    // Loaded on demand: the live collector pulls in the AWS SDK, which an
    // offline scan never needs.
    const { collectAwsAccounts } = await import('./collect.js');
    const stats = await collectAwsAccounts(outDir, { config: { aws: ctx.config }, progress: ctx.progress, now: ctx.now });
    return {
      containers: stats.accounts.map((a) => a.accountId),
      failed: stats.failed.map((f) => ({ container: f.accountId, error: f.error.describe() })),
      warnings: [],
      requests: stats.totalHttpRequests,
    };
  },
  remediations: awsRemediations,
  revocations: awsRevocations,
};
