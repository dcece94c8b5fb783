// Which projects a collect visits: the ids in the config, and every ACTIVE
// project below the configured organization or folders (Resource Manager v3,
// walking sub-folders).
import { SourceError } from '../../src/util/errors.js';
import type { GcpConfig } from './config.js';
import { apiError } from './collect-errors.js';
import type { GcpClients } from './collect-clients.js';

const withPrefix = (value: string, prefix: string) => (value.startsWith(`${prefix}/`) ? value : `${prefix}/${value}`);

export async function discoverProjects(clients: GcpClients, config: GcpConfig | undefined, count: () => void): Promise<string[]> {
  const ids = new Set(config?.projects ?? []);
  const roots = [
    ...(config?.organization ? [withPrefix(config.organization, 'organizations')] : []),
    ...(config?.folders ?? []).map((f) => withPrefix(f, 'folders')),
  ];
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const parent = queue.shift()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    let token: string | undefined;
    do {
      count();
      const r = await clients.crm.projects.list({ parent, pageSize: 1000, pageToken: token }).catch((e: unknown) => {
        throw apiError('Resource Manager projects.list', parent, e);
      });
      for (const p of r.data.projects ?? []) if (p.state === 'ACTIVE' && p.projectId) ids.add(p.projectId);
      token = r.data.nextPageToken || undefined;
    } while (token);
    do {
      count();
      const r = await clients.crm.folders.list({ parent, pageSize: 1000, pageToken: token }).catch((e: unknown) => {
        throw apiError('Resource Manager folders.list', parent, e);
      });
      for (const f of r.data.folders ?? []) if (f.state === 'ACTIVE' && f.name) queue.push(f.name);
      token = r.data.nextPageToken || undefined;
    } while (token);
  }
  if (!ids.size) {
    throw new SourceError('gcp', 'no project to collect: set gcp.projects, gcp.organization or gcp.folders in driftgraph.yaml');
  }
  return [...ids].sort();
}
