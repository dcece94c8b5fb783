// The live path: Google's own clients (@googleapis/iam,
// @googleapis/cloudresourcemanager, google-auth-library's request for Policy
// Analyzer) against a local server speaking Google's REST JSON, with pages,
// a 429 and a 500 retried, and a 403 that fails one project only. What the
// collect writes scans to the same findings as the snapshot it was served from.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gcpConnector } from '../../connectors/gcp/index.js';
import type { GcpConfig } from '../../connectors/gcp/config.js';
import { TOKEN_ENV } from '../../connectors/gcp/collect-clients.js';
import { estateFiles, writeEstate } from '../helpers/estate.js';
import { cli, cliAsync, writeTree } from '../helpers/cli.js';
import { startGcpServer, servedFromFiles, TEST_TOKEN, type GcpServer, type ServedProject } from '../servers/gcp-server.js';
import { scanInto } from '../rules/scan-helpers.js';
import { NOW } from '../rules/scan-helpers.js';
import { gcpEstate, gcpProject, PROJECT } from './estate.js';

const DEV = 'northwind-dev';
const LOCKED = 'northwind-locked';
const estate = gcpEstate();
const devProject = gcpProject({ id: DEV, serviceAccounts: [{ id: 'dev-ci', description: 'ana@example.com', keys: [{ id: 'dddd0001', validAfter: '2026-10-01T00:00:00Z' }] }], bindings: [{ role: 'roles/viewer', members: ['user:ana@example.com'] }], providers: [] });
estate.gcp!.push(devProject);
const files = estateFiles(estate);

function served(): ServedProject[] {
  return [
    servedFromFiles(PROJECT, files, '123456789012', 'organizations/42'),
    servedFromFiles(DEV, files, '223456789012', 'folders/7'),
    { ...servedFromFiles(DEV, files, '323456789012', 'folders/8'), projectId: LOCKED },
  ];
}

const config = (server: GcpServer, over: Partial<GcpConfig> = {}): GcpConfig => ({
  projects: [PROJECT, DEV, LOCKED],
  endpoints: { iam: server.url, cloudresourcemanager: server.url, policyanalyzer: server.url },
  retries: 3,
  ...over,
});


const roots: string[] = [];
const temp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'driftgraph-gcp-live-'));
  roots.push(d);
  return d;
};
const progress = { step: () => {} };
let savedToken: string | undefined;
before(() => {
  savedToken = process.env[TOKEN_ENV];
  process.env[TOKEN_ENV] = TEST_TOKEN;
});
after(async () => {
  if (savedToken === undefined) delete process.env[TOKEN_ENV];
  else process.env[TOKEN_ENV] = savedToken;
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function allText(dir: string): Promise<string> {
  let out = '';
  for (const f of await readdir(dir, { recursive: true })) {
    const p = join(dir, f);
    if ((await stat(p)).isFile()) out += await readFile(p, 'utf8');
  }
  return out;
}

describe('GCP live collect', () => {
  it('pages, retries 429 and 500, fails only the project that answers 403 (naming the permission), and writes the snapshot files', async () => {
    const server = await startGcpServer(served(), {
      faults: {
        maxPage: 2,
        failFirst: { 'serviceAccounts.list': { status: 429, times: 1 }, getIamPolicy: { status: 500, times: 1 } },
        deny: [{ route: 'keys.list', project: LOCKED, permission: 'iam.serviceAccountKeys.list' }],
      },
    });
    try {
      const out = await temp();
      const result = await gcpConnector.collect!(out, { now: NOW, config: config(server), shared: {}, progress, stateDir: out });
      assert.deepEqual(result.containers, [DEV, PROJECT]);
      assert.equal(result.failed.length, 1);
      assert.equal(result.failed[0]!.container, LOCKED);
      assert.match(result.failed[0]!.error, /iam\.serviceAccountKeys\.list/);
      assert.match(result.failed[0]!.error, /status 403/);
      assert.deepEqual((await readdir(join(out, 'gcp'))).sort(), [DEV, PROJECT], 'no folder for the failed project');
      // Every account's keys listed; pages followed (7 accounts at 2 a page = 4 pages + 1 retried 429).
      assert.equal(server.projectCounts.get(`${PROJECT} serviceAccounts.list`)! >= 4, true);
      assert.equal(server.counts.get('getIamPolicy'), 3, 'two projects reach the policy; the 500 was retried once');
      assert.ok(!(await allText(out)).includes(TEST_TOKEN), 'the token is written nowhere');
      const written = JSON.parse(await readFile(join(out, 'gcp', PROJECT, 'iam-policy.json'), 'utf8'));
      assert.equal(written.version, 3, 'policy version 3 requested, conditions kept');
      assert.ok(written.bindings.some((b: { condition?: unknown }) => b.condition));

      // What collect wrote scans to exactly the findings of the snapshot it was served from.
      const fromFiles = await writeEstate(estate, await temp());
      writeTree(out, Object.fromEntries(Object.entries(files).filter(([k]) => !k.startsWith('gcp/'))));
      const a = await scanInto(join(await temp(), 'a.db'), fromFiles);
      const b = await scanInto(join(await temp(), 'b.db'), out);
      // inputDigest and contentHash are bookkeeping for re-scans (they hold the
      // scan run that derived the subject), not what the finding says.
      const view = (fs: typeof a) => fs.map(({ inputDigest: _i, contentHash: _c, ...f }) => f).sort((x, y) => x.id.localeCompare(y.id));
      assert.ok(a.length > 10);
      assert.deepEqual(view(b), view(a));
    } finally {
      await server.close();
    }
  });

  it('discovers projects below an organization, walking its folders', async () => {
    const server = await startGcpServer(served(), { folders: { 'organizations/42': ['folders/7'], 'folders/7': ['folders/8'] } });
    try {
      const out = await temp();
      const result = await gcpConnector.collect!(out, {
        now: NOW,
        config: config(server, { projects: undefined, organization: '42' }),
        shared: {},
        progress,
        stateDir: out,
      });
      assert.deepEqual([...result.containers, ...result.failed.map((f) => f.container)].sort(), [DEV, LOCKED, PROJECT]);
    } finally {
      await server.close();
    }
  });

  it('driftgraph scan --sources gcp (live) gives the findings that scan --from of its snapshot gives; exit 1 names the refused project', async () => {
    const server = await startGcpServer(served(), { faults: { deny: [{ route: 'getIamPolicy', project: LOCKED, permission: 'resourcemanager.projects.getIamPolicy' }] } });
    try {
      const cwd = await temp();
      const cfg = join(cwd, 'driftgraph.yaml');
      writeTree(cwd, { 'driftgraph.yaml': `gcp:\n  projects: [${PROJECT}, ${DEV}, ${LOCKED}]\n  retries: 2\n  endpoints: {iam: "${server.url}", cloudresourcemanager: "${server.url}", policyanalyzer: "${server.url}"}\n` });
      const env = { [TOKEN_ENV]: TEST_TOKEN };
      const live = await cliAsync(['scan', '--sources', 'gcp', '--config', cfg, '--db', join(cwd, 'live.db'), '-q'], { cwd, env });
      assert.equal(live.code, 1, live.stderr + live.stdout);
      assert.match(live.stdout, /northwind-locked.*resourcemanager\.projects\.getIamPolicy/);
      assert.ok(!(live.stdout + live.stderr).includes(TEST_TOKEN));
      const snapshots = await readdir(join(cwd, '.driftgraph', 'snapshots'));
      assert.equal(snapshots.length, 1);
      const offline = cli(['scan', '--from', join(cwd, '.driftgraph', 'snapshots', snapshots[0]!), '--sources', 'gcp', '--config', cfg, '--db', join(cwd, 'offline.db'), '-q'], { cwd });
      assert.equal(offline.code, 0, offline.stderr + offline.stdout);
      const findings = (db: string) => JSON.parse(cli(['findings', '--format', 'json', '--config', cfg, '--db', join(cwd, db)], { cwd }).stdout);
      const liveFindings = findings('live.db');
      assert.ok(liveFindings.length > 5);
      assert.deepEqual(findings('offline.db'), liveFindings);
    } finally {
      await server.close();
    }
  });
});
