// `<snapshot>/kubernetes/<cluster>/` -> ClusterSnapshot. Each file is a
// Kubernetes list as `kubectl get <kind> -A -o json` prints it
// (`{"kind": "List", "items": [...]}`), or an array of such pages.
// `service-accounts.json` is required; every other file is optional and its
// absence is a warning that says what is then unknown. Every item passes the
// allow-list of keep.ts before anything else reads it: a Secret's data never
// gets further than the parser. A malformed file fails the cluster, naming
// the file and the JSON path, never the value.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { readRegularText } from '../lib/files.js';
import { parseJsonText, uniqueById } from '../lib/json.js';
import { clusterFile, FILES } from './files.js';
import {
  KeepError, keepBinding, keepPod, keepRole, keepSecret, keepServiceAccount,
  type KeptBinding, type KeptPod, type KeptRole, type KeptSecret, type KeptServiceAccount,
} from './keep.js';

export interface ClusterSnapshot {
  cluster: string;
  serviceAccounts: KeptServiceAccount[];
  /** null: `secrets.json` absent, so legacy tokens are unknown. */
  secrets: KeptSecret[] | null;
  roles: KeptRole[];
  clusterRoles: KeptRole[];
  roleBindings: KeptBinding[];
  clusterRoleBindings: KeptBinding[];
  /** null: `pods.json` absent, so which service accounts workloads use is unknown. */
  pods: KeptPod[] | null;
  warnings: string[];
}
/** The items of a list file (or of each page of an array of them), with their JSON paths. */
function listItems(value: unknown, file: string): { item: unknown; path: string }[] {
  const pages = Array.isArray(value) ? value.map((v, i) => ({ v, base: `$[${i}]` })) : [{ v: value, base: '$' }];
  const out: { item: unknown; path: string }[] = [];
  for (const { v, base } of pages) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new SourceError('kubernetes', 'expected a Kubernetes list (an object with "items")', { file, path: base });
    }
    const items = (v as Record<string, unknown>).items;
    if (items === undefined || items === null) continue; // an empty list may leave items out
    if (!Array.isArray(items)) throw new SourceError('kubernetes', '"items" is not a list', { file, path: `${base}.items` });
    items.forEach((item, i) => out.push({ item, path: `${base}.items[${i}]` }));
  }
  return out;
}

async function readList<T extends { metadata: { name: string; namespace?: string } }>(
  dir: string,
  cluster: string,
  name: string,
  keep: (raw: unknown, path: string) => T,
): Promise<T[] | null> {
  const file = clusterFile(cluster, name);
  const text = await readRegularText(join(dir, name), file, 'kubernetes');
  if (text === null) return null;
  const kept = listItems(parseJsonText(text, file, 'kubernetes'), file).map(({ item, path }) => {
    try {
      return { item: keep(item, path), path };
    } catch (e) {
      if (e instanceof KeepError) throw new SourceError('kubernetes', e.message, { file, path: e.path });
      throw e;
    }
  });
  const idOf = ({ item }: { item: T }) => `${item.metadata.namespace ?? ''}/${item.metadata.name}`;
  return uniqueById('kubernetes', file, kept, idOf, ({ path }) => path).map(({ item }) => item);
}

export async function readClusterSnapshot(kubernetesDir: string, cluster: string): Promise<ClusterSnapshot> {
  const dir = join(kubernetesDir, cluster);
  const warnings: string[] = [];
  const absent = (name: string, meaning: string) => warnings.push(`${clusterFile(cluster, name)} absent: ${meaning}`);

  const serviceAccounts = await readList(dir, cluster, FILES.serviceAccounts, keepServiceAccount);
  if (serviceAccounts === null) {
    throw new SourceError('kubernetes', 'required file is missing: a cluster cannot be judged without its service accounts', { file: clusterFile(cluster, FILES.serviceAccounts) });
  }
  const secrets = await readList(dir, cluster, FILES.secrets, keepSecret);
  if (secrets === null) absent(FILES.secrets, 'legacy service account tokens are unknown');
  const roles = await readList(dir, cluster, FILES.roles, keepRole);
  const clusterRoles = await readList(dir, cluster, FILES.clusterRoles, keepRole);
  const roleBindings = await readList(dir, cluster, FILES.roleBindings, keepBinding);
  const clusterRoleBindings = await readList(dir, cluster, FILES.clusterRoleBindings, keepBinding);
  if (roleBindings === null) absent(FILES.roleBindings, 'no service account is privileged through a namespace role binding');
  if (clusterRoleBindings === null) absent(FILES.clusterRoleBindings, 'no service account is privileged through a cluster role binding');
  if (clusterRoles === null && (clusterRoleBindings?.length || roleBindings?.length)) {
    absent(FILES.clusterRoles, 'only cluster-admin and the configured privileged roles are known to grant privilege');
  }
  const pods = await readList(dir, cluster, FILES.pods, keepPod);
  if (pods === null) absent(FILES.pods, 'which service accounts workloads use is unknown, so unused-workload-identity does not judge this cluster');
  return {
    cluster,
    serviceAccounts,
    secrets,
    roles: roles ?? [],
    clusterRoles: clusterRoles ?? [],
    roleBindings: roleBindings ?? [],
    clusterRoleBindings: clusterRoleBindings ?? [],
    pods,
    warnings,
  };
}
