// A source's container folders are listed one way for every connector
// (connectors/lib/folders.ts): sorted, hidden entries skipped (a `.git` folder
// is not a GCP project, a macOS `._group.json` is not a group's members),
// anything else named in a warning, a name that cannot be a container failed
// alone, and a listed per-id file that cannot be read fails its container.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listContainerFolders, readKeyedFiles } from '../connectors/lib/folders.js';
import { listProjects } from '../connectors/gcp/read-snapshot.js';
import { loadEntraSnapshot } from '../connectors/entra/index.js';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function snapshot(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-folders-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    if (!path.endsWith('/')) await writeFile(join(root, path), text);
    else await mkdir(join(root, path), { recursive: true });
  }
  return root;
}

test('container folders: sorted, hidden ones skipped, files named in a warning, a bad name failed alone', async () => {
  const dir = await snapshot({ 'aws/222222222222/': '', 'aws/111111111111/': '', 'aws/.git/': '', 'aws/notes.txt': 'x', 'aws/prod/': '', 'aws/.DS_Store': '' });
  const l = await listContainerFolders(dir, 'aws', 'an account', { name: /^\d{12}$/, why: 'folder name is not a 12-digit AWS account id' });
  assert.deepEqual(l.containers, ['111111111111', '222222222222']);
  assert.deepEqual(l.warnings, ['aws/notes.txt: not an account folder, ignored']);
  assert.deepEqual(l.failed, [{ container: 'prod', error: 'aws: aws/prod: folder name is not a 12-digit AWS account id', place: { file: 'aws/prod' } }]);
  assert.deepEqual(await listContainerFolders(dir, 'vault', 'a cluster'), { containers: [], warnings: [], failed: [] }, 'no folder: no container');
});

test("a hidden folder under gcp/ is not a project; an absent gcp/ has none", async () => {
  const dir = await snapshot({ 'gcp/.git/': '', 'gcp/acme-prod-1/': '', 'gcp/README.md': 'x' });
  assert.deepEqual(await listProjects(join(dir, 'gcp')), { projects: ['acme-prod-1'], warnings: ['gcp/README.md: not a project folder, skipped'] });
  assert.deepEqual(await listProjects(join(dir, 'nothing')), { projects: [], warnings: [] });
});

test("a per-id file listed but unreadable fails its container; a hidden one (macOS ._x.json) is not read", async () => {
  const page = (value: unknown[]) => JSON.stringify({ value });
  const dir = await snapshot({
    'entra/t1/users.json': page([]),
    'entra/t1/group-members/g1.json': page([{ id: 'u1', '@odata.type': '#microsoft.graph.user' }]),
    'entra/t1/group-members/._g1.json': '\u0000\u0005\u0016\u0007 not JSON',
  });
  const load = (d: string) => loadEntraSnapshot({ snapshotDir: d, now: '2026-11-20T00:00:00Z', config: undefined, shared: {}, progress: { step() {} } });
  const ok = await load(dir);
  assert.deepEqual(ok.failed, []);
  assert.deepEqual(ok.containers, ['t1']);

  const missing = await snapshot({});
  await assert.rejects(
    readKeyedFiles('acme', 'acme/t1/teams', ['a.json', 'b.json'], async (name) => (name === 'a.json' ? 1 : null)),
    (e: { message: string; place?: { file?: string } }) => /listed but cannot be read/.test(e.message) && e.place?.file === 'acme/t1/teams/b.json',
  );
  await symlink(join(missing, 'gone.json'), join(dir, 'entra/t1/group-members/g2.json'));
  const broken = await load(dir);
  assert.equal(broken.failed[0]?.place?.file, 'entra/t1/group-members/g2.json');
});
