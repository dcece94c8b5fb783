// gcp/<project-id>/ folders -> checked project records. One bad file fails
// only its project: the caller gets either the project or its error.
import { join } from 'node:path';
import { readRegularText } from '../lib/files.js';
import type { ContainerFailure } from '../../src/sources/connector.js';
import { failureOf } from '../lib/containers.js';
import { readFolder } from '../lib/folders.js';
import { parseJson } from './json.js';
import type { ProjectSnapshot } from './model.js';
import { readSecrets } from './secrets.js';
import { FILES } from './files.js';
import { activities, policyBindings, serviceAccountKeys, serviceAccounts, workloadIdentityProviders } from './shape.js';

/** Project ids are 6-30 lower-case letters, digits and hyphens; older ones may hold a domain (`example.com:proj`). */
const PROJECT_ID = /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export async function listProjects(gcpDir: string): Promise<{ projects: string[]; warnings: string[] }> {
  const { folders, others } = await readFolder(gcpDir, 'gcp', 'gcp');
  const warnings = others.map((name) => `gcp/${name}: not a project folder, skipped`);
  for (const name of folders) if (!PROJECT_ID.test(name)) warnings.push(`gcp/${name}/: not a GCP project id, read anyway`);
  return { projects: folders, warnings };
}

async function readJson(dir: string, rel: string, file: string): Promise<unknown | undefined> {
  // Regular files only, size capped: a FIFO must not hang the scan while it holds the store's lock.
  const text = await readRegularText(join(dir, rel), file, 'gcp');
  return text === null ? undefined : parseJson(text, file);
}

/** Read one project folder completely; throws SourceError naming the file and path. */
export async function readProject(gcpDir: string, projectId: string): Promise<ProjectSnapshot> {
  const dir = join(gcpDir, projectId);
  const rel = (f: string) => `gcp/${projectId}/${f}`;
  const warnings: string[] = [];
  const read = async <T>(f: string, parse: (json: unknown, file: string) => T): Promise<T | null> => {
    const json = await readJson(dir, f, rel(f));
    return json === undefined ? null : parse(json, rel(f));
  };
  const accounts = await read(FILES.accounts, serviceAccounts);
  if (accounts === null) warnings.push(`${rel(FILES.accounts)} absent: no service accounts loaded`);
  const keys = await read(FILES.keys, serviceAccountKeys);
  const bindings = await read(FILES.policy, policyBindings);
  if (bindings === null) warnings.push(`${rel(FILES.policy)} absent: no IAM bindings loaded`);
  const accountActivity = await read(FILES.accountActivity, (j, f) => activities(j, f, 'serviceAccount'));
  const keyActivity = await read(FILES.keyActivity, (j, f) => activities(j, f, 'serviceAccountKey'));
  if (accountActivity === null || keyActivity === null) {
    warnings.push(`gcp/${projectId}/activity/: Policy Analyzer activity absent, last use unknown (stale and never-used rules skip what it would cover)`);
  }
  const providers = await read(FILES.pools, workloadIdentityProviders);
  const secrets = await readSecrets(dir, projectId, warnings);
  return {
    projectId,
    serviceAccounts: accounts ?? [],
    keys: keys ?? [],
    bindings,
    accountActivity,
    keyActivity,
    providers: providers ?? [],
    secrets,
    warnings,
  };
}

export type ProjectRead = { ok: true; project: ProjectSnapshot } | { ok: false; failure: ContainerFailure };

export async function readProjects(gcpDir: string, projectIds: string[]): Promise<ProjectRead[]> {
  const out: ProjectRead[] = [];
  for (const projectId of projectIds) {
    try {
      out.push({ ok: true, project: await readProject(gcpDir, projectId) });
    } catch (e) {
      out.push({ ok: false, failure: failureOf(projectId, e) });
    }
  }
  return out;
}
