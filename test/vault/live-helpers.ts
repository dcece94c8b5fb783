// What the Vault live tests share: the demo cluster served by the local
// Vault HTTP API server, temp folders, and a collection context whose log
// lines are kept for checking.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { VaultConfig } from '../../connectors/vault/config.js';
import { startVaultServer, type VaultEstate, type VaultServer } from '../servers/vault-server.js';

export const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
export const NOW = '2026-11-20T02:00:00.000Z';
export const TOKEN = 'hvs.driftgraph-test-reader-token-000000000000';
const roots: string[] = [];
const servers: VaultServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'driftgraph-vault-live-'));
  roots.push(d);
  return d;
}

const readDemo = async (file: string) => JSON.parse(await readFile(join(DEMO, 'vault', 'prod', file), 'utf8')) as Record<string, any>[];
const unwrap = (x: Record<string, any>) => (x.data && typeof x.data === 'object' ? x.data : x);

/** The demo cluster as the server's state, with a value behind every KV secret. */
async function demoEstate(): Promise<VaultEstate> {
  const approles: VaultEstate['approles'] = {};
  for (const r of await readDemo('approle-roles.json')) {
    const { name, mount, ...data } = r;
    (approles[mount ?? 'approle'] ??= {})[name] = data;
  }
  const secretIds: VaultEstate['secretIds'] = {};
  for (const f of await readdir(join(DEMO, 'vault', 'prod', 'secret-id-accessors'))) secretIds[`approle/${f.replace(/\.json$/, '')}`] = await readDemo(`secret-id-accessors/${f}`);
  const kv: VaultEstate['kv'] = { secret: {} };
  for (const s of await readDemo('kv-metadata/secret.json')) {
    const { path, ...metadata } = s;
    kv.secret![path] = { metadata, data: { password: 'kv-VALUE-never-read' } };
  }
  return { entities: (await readDemo('entities.json')).map(unwrap), tokens: (await readDemo('token-accessors.json')).map(unwrap), approles, secretIds, kv };
}

/** A server holding a fresh copy of the demo cluster, closed after the file. */
export async function server(opts: Partial<Parameters<typeof startVaultServer>[0]> = {}): Promise<VaultServer> {
  const s = await startVaultServer({ token: TOKEN, estate: await demoEstate(), ...opts });
  servers.push(s);
  return s;
}

export const progressLines: string[] = [];
export const ctx = (config: VaultConfig) => ({ now: NOW, config, shared: {}, progress: { step: (s: string) => progressLines.push(s) }, stateDir: '' });
export const fast = { requestsPerSecond: 1000, concurrency: 4 };

/** Every file's text below `dir`, concatenated. */
export async function allText(dir: string): Promise<string> {
  let out = '';
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += await readFile(join(e.parentPath ?? (e as any).path, e.name), 'utf8');
  }
  return out;
}
