// Live admin APIs -> one org folder each. What is written is each API
// object as returned, less the fields that carry any part of a key
// (`redacted_value`, `partial_key_hint`, `value`), and with well-known token
// shapes replaced wherever a provider echoes one (a key pasted as a name).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { redactShapes } from '../../src/util/redact.js';
import type { AdminApi } from './http.js';
import { ANTHROPIC_FILES, OPENAI_FILES } from './files.js';

/** Fields that hold a key or a piece of one: never written. */
const KEY_FIELDS = new Set(['redacted_value', 'partial_key_hint', 'value', 'key', 'api_key', 'secret']);

export function withoutKeyMaterial(v: unknown): unknown {
  if (typeof v === 'string') return redactShapes(v);
  if (Array.isArray(v)) return v.map(withoutKeyMaterial);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!KEY_FIELDS.has(k)) out[k] = withoutKeyMaterial(x);
    return out;
  }
  return v;
}

/** Like Promise.all, but waits for every call to end before failing: nothing writes into a folder already taken away. */
async function all<T>(work: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

async function writeList(dir: string, name: string, items: unknown[]): Promise<void> {
  await writeFile(join(dir, name), JSON.stringify(items.map(withoutKeyMaterial), null, 1) + '\n');
}

/** An id used as a file name: provider ids are `proj_…`, `wrkspc_…`; anything else is refused, never written as a path. */
function fileId(id: unknown, what: string, api: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(id)) throw new SourceError('ai', `a ${what} id that is not a plain identifier`, { api });
  return id;
}

export async function collectOpenAiOrg(api: AdminApi, dir: string, step: (m: string) => void): Promise<void> {
  await mkdir(join(dir, OPENAI_FILES.projectApiKeysDir), { recursive: true });
  await mkdir(join(dir, OPENAI_FILES.projectServiceAccountsDir), { recursive: true });
  const [users, adminKeys, projects] = await all([
    api.listAll('/v1/organization/users'),
    api.listAll('/v1/organization/admin_api_keys'),
    api.listAll('/v1/organization/projects'),
  ]);
  await writeList(dir, OPENAI_FILES.users, users);
  await writeList(dir, OPENAI_FILES.adminApiKeys, adminKeys);
  await writeList(dir, OPENAI_FILES.projects, projects);
  step(`${users.length} users, ${adminKeys.length} admin keys, ${projects.length} projects`);
  await all(
    projects.map(async (p) => {
      const id = fileId(p.id, 'project', 'OpenAI GET /v1/organization/projects');
      const base = `/v1/organization/projects/${encodeURIComponent(id)}`;
      const [keys, accounts] = await all([api.listAll(`${base}/api_keys`), api.listAll(`${base}/service_accounts`)]);
      await writeList(join(dir, OPENAI_FILES.projectApiKeysDir), `${id}.json`, keys);
      await writeList(join(dir, OPENAI_FILES.projectServiceAccountsDir), `${id}.json`, accounts);
    }),
  );
}

export async function collectAnthropicOrg(api: AdminApi, dir: string, step: (m: string) => void): Promise<void> {
  await mkdir(join(dir, ANTHROPIC_FILES.workspaceMembersDir), { recursive: true });
  const [users, apiKeys, workspaces] = await all([
    api.listAll('/v1/organizations/users'),
    api.listAll('/v1/organizations/api_keys'),
    api.listAll('/v1/organizations/workspaces'),
  ]);
  await writeList(dir, ANTHROPIC_FILES.users, users);
  await writeList(dir, ANTHROPIC_FILES.apiKeys, apiKeys);
  await writeList(dir, ANTHROPIC_FILES.workspaces, workspaces);
  step(`${users.length} users, ${apiKeys.length} API keys, ${workspaces.length} workspaces`);
  await all(
    workspaces.map(async (w) => {
      const id = fileId(w.id, 'workspace', 'Anthropic GET /v1/organizations/workspaces');
      const members = await api.listAll(`/v1/organizations/workspaces/${encodeURIComponent(id)}/members`);
      await writeList(join(dir, ANTHROPIC_FILES.workspaceMembersDir), `${id}.json`, members);
    }),
  );
}
