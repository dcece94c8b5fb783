// `<snapshot>/ai/<provider>/<org>/` -> OpenAiSnapshot or AnthropicSnapshot.
// `users.json` is required (an org without its members cannot be judged);
// every other file is optional and its absence is a warning that says what is
// then unknown. A malformed file fails its org, naming the file and the line
// or JSON path; one id listed twice with different content does too.
import { join } from 'node:path';
import { SourceError } from '../../src/util/errors.js';
import { readRegularText } from '../lib/files.js';
import { readFolder, readKeyedFiles } from '../lib/folders.js';
import { uniqueById } from '../lib/json.js';
import { ANTHROPIC_FILES, OPENAI_FILES, PROVIDERS, aiFile } from './files.js';
import { ListReader, type Json } from './json.js';
import type { AnthropicSnapshot, OpenAiSnapshot } from './model.js';
import * as p from './parse.js';

/** The containers under `<snapshotDir>/ai/`: `openai/<org>` and `anthropic/<org>`, sorted. */
export async function listOrgFolders(aiDir: string): Promise<{ containers: string[]; warnings: string[] }> {
  const top = await readFolder(aiDir, 'ai', 'ai');
  const warnings = top.others.map((f) => `ai/${f}: not a provider folder (openai/, anthropic/), ignored`);
  const containers: string[] = [];
  for (const name of top.folders) {
    if (!(PROVIDERS as readonly string[]).includes(name)) {
      warnings.push(`ai/${name}/: not a provider this source reads (openai, anthropic), ignored`);
      continue;
    }
    const orgs = await readFolder(join(aiDir, name), `ai/${name}`, 'ai');
    for (const f of orgs.others) warnings.push(`ai/${name}/${f}: not an organization folder, ignored`);
    for (const org of orgs.folders) containers.push(`${name}/${org}`);
  }
  return { containers, warnings };
}

/** Reads one org folder's files with the same rules for both providers. */
class OrgFolder {
  readonly warnings: string[] = [];
  constructor(
    readonly dir: string,
    readonly container: string,
  ) {}

  rel(name: string): string {
    return aiFile(this.container, name);
  }

  /** Every item of a list file parsed with `parse`; null when the file does not exist. */
  async list<T>(name: string, parse: (o: Json, path: string, r: ListReader) => T, idField = 'id'): Promise<T[] | null> {
    const file = this.rel(name);
    const text = await readRegularText(join(this.dir, name), file, 'ai');
    if (text === null) return null;
    const r = new ListReader(file);
    const items = uniqueById('ai', file, r.items(r.parse(text)), ({ item }) => String(item[idField] ?? ''), ({ path }) => path);
    return items.map(({ item, path }) => parse(item, path, r));
  }

  /** `<folder>/<id>.json` lists, keyed by the id in the file name. */
  async perId<T>(folder: string, parse: (o: Json, path: string, r: ListReader) => T, idField = 'id'): Promise<Map<string, T[]>> {
    const { others } = await readFolder(join(this.dir, folder), this.rel(folder), 'ai');
    return readKeyedFiles('ai', this.rel(folder), others.filter((x) => x.endsWith('.json')), (f) => this.list(`${folder}/${f}`, parse, idField));
  }

  absent(name: string, meaning: string): void {
    this.warnings.push(`${this.rel(name)} absent: ${meaning}`);
  }

  async required<T>(name: string, parse: (o: Json, path: string, r: ListReader) => T): Promise<T[]> {
    const items = await this.list(name, parse);
    if (items === null) throw new SourceError('ai', `missing: every organization folder needs ${name}`, { file: this.rel(name) });
    return items;
  }
}

export async function readOpenAiOrg(aiDir: string, container: string): Promise<OpenAiSnapshot> {
  const f = new OrgFolder(join(aiDir, container), container);
  const users = await f.required(OPENAI_FILES.users, p.openAiUser);
  const adminKeys = await f.list(OPENAI_FILES.adminApiKeys, p.openAiKey);
  if (adminKeys === null) f.absent(OPENAI_FILES.adminApiKeys, 'no admin API keys known');
  const projects = (await f.list(OPENAI_FILES.projects, p.openAiProject)) ?? (f.absent(OPENAI_FILES.projects, 'no projects, so no project keys or service accounts'), []);
  const projectKeys = await f.perId(OPENAI_FILES.projectApiKeysDir, p.openAiKey);
  const serviceAccounts = await f.perId(OPENAI_FILES.projectServiceAccountsDir, p.openAiServiceAccount);
  const known = new Set(projects.map((x) => x.id));
  for (const [dir, map] of [[OPENAI_FILES.projectApiKeysDir, projectKeys], [OPENAI_FILES.projectServiceAccountsDir, serviceAccounts]] as const) {
    for (const id of map.keys()) if (!known.has(id)) f.warnings.push(`${f.rel(`${dir}/${id}.json`)}: no such project in projects.json, ignored`);
  }
  return { org: container.slice('openai/'.length), users, adminKeys, projects, projectKeys, serviceAccounts, warnings: f.warnings };
}

export async function readAnthropicOrg(aiDir: string, container: string): Promise<AnthropicSnapshot> {
  const f = new OrgFolder(join(aiDir, container), container);
  const users = await f.required(ANTHROPIC_FILES.users, p.anthropicUser);
  const apiKeys = (await f.list(ANTHROPIC_FILES.apiKeys, p.anthropicKey)) ?? (f.absent(ANTHROPIC_FILES.apiKeys, 'no API keys known'), []);
  const workspaces = (await f.list(ANTHROPIC_FILES.workspaces, p.anthropicWorkspace)) ?? (f.absent(ANTHROPIC_FILES.workspaces, 'no workspaces known'), []);
  // A member is listed once per workspace: the user id is its id within the file.
  const members = await f.perId(ANTHROPIC_FILES.workspaceMembersDir, p.anthropicMember, 'user_id');
  const known = new Set(workspaces.map((w) => w.id));
  for (const id of members.keys()) {
    if (!known.has(id)) f.warnings.push(`${f.rel(`${ANTHROPIC_FILES.workspaceMembersDir}/${id}.json`)}: no such workspace in workspaces.json, ignored`);
  }
  return { org: container.slice('anthropic/'.length), users, apiKeys, workspaces, members, warnings: f.warnings };
}
