// `<snapshot>/vault/<cluster>/` -> ClusterSnapshot. `entities.json` is
// required (a cluster without its identities cannot be judged); every other
// file is optional and its absence is a warning that says what is then
// unknown. A malformed file fails the cluster, naming the file and the JSON
// path, never quoting content.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { listRegularFiles, readRegularText } from '../lib/files.js';
import { uniqueById } from '../lib/json.js';
import { clusterFile, DEFAULT_APPROLE_MOUNT, FILES } from './files.js';
import { parseJson, VaultReader, type Json } from './json.js';
import type { ClusterSnapshot, SecretIdLookup } from './model.js';
import * as p from './parse.js';
export async function readClusterSnapshot(vaultDir: string, cluster: string): Promise<ClusterSnapshot> {
  const dir = join(vaultDir, cluster);
  const rel = (name: string) => clusterFile(cluster, name);
  const warnings: string[] = [];

  /** Every record of a list file, unique by `idField`, parsed; null when the file does not exist. */
  async function list<T>(name: string, idField: string | ((o: Json) => string), parse: (o: Json, path: string, r: VaultReader) => T): Promise<T[] | null> {
    const idOf = typeof idField === 'string' ? (o: Json) => String(o[idField] ?? '') : idField;
    const text = await readRegularText(join(dir, name), rel(name), 'vault');
    if (text === null) return null;
    const r = new VaultReader(rel(name));
    const items = uniqueById('vault', rel(name), r.records(parseJson(text, rel(name))), ({ item }) => idOf(item), ({ path }) => path);
    return items.map(({ item, path }) => parse(item, path, r));
  }
  /** The `.json` files below a folder of the cluster, as paths relative to it without `.json`. */
  async function jsonFiles(name: string): Promise<string[]> {
    const files = await listRegularFiles(join(dir, name), rel(name), 'vault', (f) => f.endsWith('.json'));
    return (files ?? []).map((f) => f.slice(0, -'.json'.length));
  }

  const entities = await list(FILES.entities, 'id', p.parseEntity);
  if (entities === null) throw new SourceError('vault', 'missing: every cluster folder needs entities.json', { file: rel(FILES.entities) });
  const tokens = await list(FILES.tokenAccessors, 'accessor', p.parseToken);
  if (tokens === null) warnings.push(`${rel(FILES.tokenAccessors)} absent: tokens unknown, no token is judged`);
  const roleId = (o: Json) => (o.name === undefined ? '' : `${String(o.mount ?? DEFAULT_APPROLE_MOUNT)}/${String(o.name)}`);
  const approles = (await list(FILES.approleRoles, roleId, (o, path, r) => p.parseAppRole(o, path, r, DEFAULT_APPROLE_MOUNT))) ?? [];
  const roleKeys = new Set<string>();
  approles.forEach((role) => {
    const key = `${role.mount}/${role.name}`;
    if (roleKeys.has(key)) throw new SourceError('vault', `the AppRole ${role.name} on ${role.mount} is listed twice`, { file: rel(FILES.approleRoles) });
    roleKeys.add(key);
  });

  // secret-id-accessors/<role>.json for the `approle` mount, <mount>/<role>.json for others.
  const secretIds = new Map<string, SecretIdLookup[]>();
  for (const f of await jsonFiles(FILES.secretIdAccessorsDir)) {
    const key = f.includes('/') ? f : `${DEFAULT_APPROLE_MOUNT}/${f}`;
    const name = `${FILES.secretIdAccessorsDir}/${f}.json`;
    if (!roleKeys.has(key)) {
      warnings.push(`${rel(name)}: the AppRole it names is not in approle-roles.json; its secret IDs are skipped`);
      continue;
    }
    secretIds.set(key, (await list(name, 'secret_id_accessor', p.parseSecretId))!);
  }

  const kvSecrets = [];
  for (const mount of await jsonFiles(FILES.kvMetadataDir)) {
    const name = `${FILES.kvMetadataDir}/${mount}.json`;
    const secrets = (await list(name, 'path', (o, path, r) => p.parseKvSecret(o, path, r, mount)))!;
    for (const s of secrets) kvSecrets.push(s);
  }
  return { cluster, entities, tokens, approles, secretIds, kvSecrets, warnings };
}
