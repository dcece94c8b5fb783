// One cluster, live -> the files of `vault/<cluster>/`. Everything is read
// first and written only when the whole cluster was read, so a cluster that
// fails part-way leaves no files. Only metadata is read: entities, token
// accessors and their lookups, AppRoles and their secret ID accessors, KV
// metadata. Never a token (lookups go by accessor), never a secret ID
// (lookups go by secret ID accessor), never a KV secret's data.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import type { Progress } from '../../src/util/progress.js';
import { DEFAULT_APPROLE_MOUNT, FILES } from './files.js';
import { forEachLimited, type VaultClient } from './client.js';
import { approleRecord, entityRecord, kvRecord, secretIdRecord, tokenRecord } from './sanitize.js';

type Json = Record<string, unknown>;

export interface ClusterPlan {
  name: string;
  kvMounts?: string[] | undefined;
  approleMounts?: string[] | undefined;
}

const seg = (s: string) => s.split('/').map(encodeURIComponent).join('/');
const trimSlashes = (s: string) => s.replace(/^\/+|\/+$/g, '');

/** Mounts of one type from `sys/auth` or `sys/mounts` (newer Vaults put them under `data`, older at the top). */
function mountsOf(answer: Json | null, type: string, kvVersion2 = false): string[] {
  const out: string[] = [];
  for (const [path, v] of Object.entries(answer ?? {})) {
    if (!v || typeof v !== 'object' || !path.endsWith('/')) continue;
    const m = v as Json;
    if (m.type !== type) continue;
    if (kvVersion2 && String((m.options as Json | null)?.version ?? '1') !== '2') continue;
    out.push(trimSlashes(path));
  }
  return out.sort();
}

export async function collectCluster(client: VaultClient, plan: ClusterPlan, concurrency: number, progress: Progress): Promise<Map<string, unknown[]>> {
  const files = new Map<string, unknown[]>();
  const step = (s: string) => progress.step(`vault: ${plan.name}: ${s}`);

  const approleMounts = plan.approleMounts ?? mountsOf(await client.read('sys/auth'), 'approle');
  const kvMounts = plan.kvMounts ?? mountsOf(await client.read('sys/mounts'), 'kv', true);

  const entityIds = await client.list('identity/entity/id');
  step(`${entityIds.length} entities`);
  const entities: Json[] = [];
  await forEachLimited(entityIds, concurrency, async (id, i) => {
    const e = await client.read(`identity/entity/id/${seg(id)}`);
    if (e) entities[i] = entityRecord(e);
  });
  files.set(FILES.entities, entities.filter(Boolean));

  const accessors = await client.list('auth/token/accessors');
  step(`${accessors.length} token accessors`);
  const tokens: Json[] = [];
  let gone = 0;
  await forEachLimited(accessors, concurrency, async (accessor, i) => {
    try {
      const t = await client.post('auth/token/lookup-accessor', { accessor });
      if (t) tokens[i] = tokenRecord(t);
      else gone++;
    } catch (e) {
      // A token that expired between the list and its lookup: Vault answers 400.
      if (e instanceof SourceError && e.place.status === 400) gone++;
      else throw e;
    }
  });
  if (gone) step(`${gone} token(s) expired or were revoked while being read, skipped`);
  files.set(FILES.tokenAccessors, tokens.filter(Boolean));

  const roles: Json[] = [];
  for (const mount of approleMounts.map(trimSlashes)) {
    const names = (await client.list(`auth/${seg(mount)}/role`)).map(trimSlashes);
    step(`${names.length} AppRoles on auth/${mount}`);
    for (const name of names) {
      const base = `auth/${seg(mount)}/role/${seg(name)}`;
      const role = await client.read(base);
      if (!role) continue;
      roles.push(approleRecord(mount, name, role));
      const secretAccessors = await client.list(`${base}/secret-id`);
      const lookups: Json[] = [];
      await forEachLimited(secretAccessors, concurrency, async (accessor, i) => {
        try {
          const s = await client.post(`${base}/secret-id-accessor/lookup`, { secret_id_accessor: accessor });
          if (s) lookups[i] = secretIdRecord(s);
        } catch (e) {
          if (!(e instanceof SourceError && e.place.status === 400)) throw e;
        }
      });
      const file = mount === DEFAULT_APPROLE_MOUNT ? `${name}.json` : `${mount}/${name}.json`;
      files.set(`${FILES.secretIdAccessorsDir}/${file}`, lookups.filter(Boolean));
    }
  }
  files.set(FILES.approleRoles, roles);

  for (const mount of kvMounts.map(trimSlashes)) {
    const paths: string[] = [];
    const walk = async (prefix: string) => {
      for (const key of await client.list(`${seg(mount)}/metadata/${seg(prefix)}`)) {
        if (key.endsWith('/')) await walk(`${prefix}${key}`);
        else paths.push(`${prefix}${key}`);
      }
    };
    await walk('');
    step(`${paths.length} KV secrets on ${mount}`);
    const secrets: Json[] = [];
    await forEachLimited(paths, concurrency, async (path, i) => {
      const m = await client.read(`${seg(mount)}/metadata/${seg(path)}`);
      if (m) secrets[i] = kvRecord(path, m);
    });
    files.set(`${FILES.kvMetadataDir}/${mount}.json`, secrets.filter(Boolean));
  }
  return files;
}

export async function writeClusterFiles(dir: string, files: Map<string, unknown[]>): Promise<void> {
  for (const [name, records] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(records, null, 1) + '\n');
  }
}
