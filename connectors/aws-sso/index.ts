// The AWS IAM Identity Center connector: `<snapshot>/aws-sso/<instance-id>/`
// folders (Identity Store users, groups and memberships; permission sets and
// account assignments; optional CloudTrail sign-ins) -> graph records, and
// (through collect.ts, loaded on demand) live sso-admin and identitystore ->
// such folders. An instance whose files cannot be read fails alone.
import { join } from 'node:path';
import type { Connector } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { awsSsoRevocations } from './actions.js';
import { awsSsoConfigSchema, type AwsSsoConfig } from './config.js';
import { FILES, INSTANCE_ID, SOURCE } from './files.js';
import { mapInstance } from './map.js';
import { readInstanceSnapshot } from './read.js';
import { awsSsoRemediations } from './remediation.js';

export const awsSsoConnector: Connector<AwsSsoConfig> = {
  source: SOURCE,
  label: 'IAM Identity Center',
  hasContainers: true,
  trackedFiles: [FILES.users, FILES.groups, FILES.groupMembershipsDir, FILES.permissionSets, FILES.accountAssignments, FILES.cloudtrailDir],
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'user' },
    { type: 'group', label: 'Entitlement', words: 'group' },
    { type: 'account-assignment', label: 'Entitlement', words: 'account assignment' },
  ],
  configSchema: awsSsoConfigSchema,
  async loadSnapshot(ctx) {
    const root = join(ctx.snapshotDir, SOURCE);
    const listing = await listContainerFolders(ctx.snapshotDir, SOURCE, 'an instance', {
      name: INSTANCE_ID,
      why: 'folder name is not an Identity Center instance id (ssoins-…)',
    });
    return loadContainerFolders(
      SOURCE,
      listing,
      async (instance) => mapInstance(await readInstanceSnapshot(root, instance, ctx.shared.maxBadEventShare), ctx.config?.privilegedPermissionSets ?? []),
      ctx,
    );
  },
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs the AWS SDK.
    const { collectAwsSso } = await import('./collect.js');
    const stats = await collectAwsSso(outDir, ctx);
    return { containers: stats.instances, failed: stats.failed, warnings: stats.warnings, requests: stats.totalHttpRequests };
  },
  remediations: awsSsoRemediations,
  revocations: awsSsoRevocations,
};
