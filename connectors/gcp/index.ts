// The GCP connector: `<snapshot>/gcp/<project-id>/` folders -> graph records,
// and (through collect.ts) live IAM, Resource Manager and Policy Analyzer ->
// such folders. A broken file fails only its project.
import { join } from 'node:path';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { gcpConfigSchema, type GcpConfig } from './config.js';
import { FILES } from './files.js';
import { gcpRemediations } from './remediation.js';
import { gcpRevocations } from './actions.js';

export const gcpConnector: Connector<GcpConfig> = {
  source: 'gcp',
  label: 'GCP',
  hasContainers: true,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: Object.values(FILES),
  subjectTypes: [
    { type: 'service-account', label: 'Identity', words: 'service account' },
    { type: 'service-account-key', label: 'Credential', words: 'service account key' },
    { type: 'binding', label: 'Identity', words: 'IAM binding member' },
    { type: 'role-binding', label: 'Entitlement', words: 'role binding' },
    { type: 'workload-identity-provider', label: 'Policy', words: 'workload identity provider' },
    { type: 'secret', label: 'Credential', words: 'Secret Manager secret' },
  ],
  configSchema: gcpConfigSchema,
  async loadSnapshot(ctx): Promise<SourceLoad> {
    // The reader and the mapper load here: `findings` or `query` never need them.
    const [{ listProjects, readProjects }, { mapProjects }] = await Promise.all([import('./read-snapshot.js'), import('./map.js')]);
    const gcpDir = join(ctx.snapshotDir, 'gcp');
    const { projects, warnings } = await listProjects(gcpDir);
    const reads = await readProjects(gcpDir, projects);
    const loaded = reads.flatMap((r) => (r.ok ? [r.project] : []));
    const failed = reads.flatMap((r) => (r.ok ? [] : [r.failure]));
    for (const f of failed) ctx.progress.step(`gcp: project ${f.container} FAILED, nothing of it changes: ${f.error}`);
    const mapped = mapProjects(loaded, ctx.now);
    return {
      containers: loaded.map((p) => p.projectId),
      failed,
      graph: mapped.graph,
      warnings: [...warnings, ...loaded.flatMap((p) => p.warnings), ...mapped.warnings],
    };
  },
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs Google's clients.
    const { collectGcp } = await import('./collect.js');
    return collectGcp(outDir, ctx);
  },
  remediations: gcpRemediations,
  revocations: gcpRevocations,
};
