// The AWS connector: `<snapshot>/aws/<account-id>/` folders -> graph records,
// and (through collect.ts) live IAM -> such folders.
import { join } from 'node:path';
import { emptyBatch } from '../../src/graph/records.js';
import type { Connector, LoadContext, SourceLoad } from '../types.js';
import { mapAccount } from './map.js';
import { listAccountFolders, readAccountSnapshot } from './read-snapshot.js';

export async function loadAwsSnapshot(ctx: LoadContext): Promise<SourceLoad> {
  const { folders, warnings } = await listAccountFolders(join(ctx.snapshotDir, 'aws'));
  const graph = emptyBatch();
  const containers: string[] = [];
  // Read every folder before returning anything: one bad file fails the whole source.
  for (const folder of folders) {
    ctx.progress.step(`aws: reading account ${folder.accountId}`);
    const mapped = mapAccount(await readAccountSnapshot(folder));
    graph.nodes.push(...mapped.graph.nodes);
    graph.edges.push(...mapped.graph.edges);
    warnings.push(...mapped.warnings);
    containers.push(folder.accountId);
  }
  return { containers, graph, warnings };
}

export const awsConnector: Connector = {
  source: 'aws',
  loadSnapshot: loadAwsSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: the live collector pulls in the AWS SDK, which an
    // offline scan never needs.
    const { collectAws } = await import('./collect.js');
    await collectAws(outDir, ctx);
  },
};
