// Live Secret Manager collection with Google's own REST client
// (@googleapis/secretmanager) against the local GCP server: every page of
// secrets and of each secret's versions, a 429 retried, metadata only
// written, a refused versions.list failing its own project only (naming the
// permission), and what was written loading back as the snapshot format.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TOKEN_ENV } from '../../connectors/gcp/collect-clients.js';
import type { GcpConfig } from '../../connectors/gcp/config.js';
import { gcpConnector } from '../../connectors/gcp/index.js';
import { startGcpServer, TEST_TOKEN, type GcpFaults, type ServedProject } from '../servers/gcp-server.js';

const NOW = '2026-11-20T02:00:00Z';
const PLANTED = 'cGxhbnRlZC1wYXlsb2FkLTlmOGU3ZDZjNWI0YQ==';

function project(projectId: string, number: string, secrets: number): ServedProject {
  return {
    projectId,
    number,
    serviceAccounts: [],
    keys: [],
    policy: { version: 3, etag: 'BwY=', bindings: [] },
    accountActivities: [],
    keyActivities: [],
    pools: [],
    secrets: Array.from({ length: secrets }, (_, i) => ({
      name: `projects/${number}/secrets/s-${i}`,
      createTime: '2026-01-01T00:00:00.123456Z',
      labels: { owner: 'data' },
      replication: { automatic: {} },
      etag: '"abc"',
      versions: Array.from({ length: 3 }, (_, v) => ({
        name: `projects/${number}/secrets/s-${i}/versions/${3 - v}`,
        createTime: `2026-0${3 - v}-01T00:00:00Z`,
        state: v === 2 ? 'DISABLED' : 'ENABLED',
        // Never in a listing; served here to prove only metadata is written.
        payload: { data: PLANTED },
      })),
    })),
  };
}

let saved: string | undefined;
const roots: string[] = [];
before(() => {
  saved = process.env[TOKEN_ENV];
  process.env[TOKEN_ENV] = TEST_TOKEN;
});
after(async () => {
  if (saved === undefined) delete process.env[TOKEN_ENV];
  else process.env[TOKEN_ENV] = saved;
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function collect(faults: Partial<GcpFaults>) {
  const server = await startGcpServer([project('northwind-prod', '111000111000', 7), project('northwind-locked', '222000222000', 2)], { faults });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-gcp-secrets-'));
  roots.push(out);
  const config: GcpConfig = {
    projects: ['northwind-prod', 'northwind-locked'],
    endpoints: { iam: server.url, cloudresourcemanager: server.url, policyanalyzer: server.url, secretmanager: server.url },
    retries: 3,
    secretManager: true,
  };
  try {
    const result = await gcpConnector.collect!(out, { now: NOW, config, shared: {}, progress: { step: () => {} }, stateDir: out });
    return { server, out, result };
  } finally {
    await server.close();
  }
}

test('lists every page of secrets and versions, retries a 429, writes metadata only, and a 403 fails only its project', async () => {
  const { server, out, result } = await collect({
    maxPage: 2,
    failFirst: { 'secrets.list': { status: 429, times: 1 } },
    deny: [{ route: 'versions.list', project: 'northwind-locked', permission: 'secretmanager.versions.list' }],
  });
  assert.deepEqual(result.containers, ['northwind-prod']);
  assert.equal(result.failed.length, 1);
  assert.equal(result.failed[0]!.container, 'northwind-locked');
  assert.match(result.failed[0]!.error, /permission denied: missing secretmanager\.versions\.list/);
  assert.match(result.failed[0]!.error, /Secret Manager secrets\.versions\.list/);
  assert.deepEqual(await readdir(join(out, 'gcp')), ['northwind-prod'], 'the refused project writes nothing');
  // 7 secrets in pages of 2 (4 pages, 1 retried) in prod, 1 page in the locked project; 2 version pages for each of 7 secrets.
  assert.equal(server.counts.get('secrets.list'), 4 + 1 + 1);
  assert.equal(server.projectCounts.get('northwind-prod versions.list'), 7 * 2);

  const dir = join(out, 'gcp', 'northwind-prod');
  const files = await readdir(join(dir, 'secret-versions'));
  assert.equal(files.length, 7);
  for (const f of ['secrets.json', ...files.map((x) => `secret-versions/${x}`)]) {
    const text = await readFile(join(dir, f), 'utf8');
    assert.ok(!text.includes(PLANTED) && !text.includes('payload'), `only metadata in ${f}`);
  }

  const load = await gcpConnector.loadSnapshot({ snapshotDir: out, now: NOW, config: undefined, shared: {}, progress: { step: () => {} } });
  assert.deepEqual(load.failed, []);
  const secrets = load.graph.nodes.filter((n) => n.props.type === 'secret');
  assert.equal(secrets.length, 7);
  const s0 = secrets.find((n) => n.props.secretId === 's-0')!.props;
  assert.deepEqual(s0.enabledVersions, ['3', '2']);
  assert.equal(s0.rotatedAt, '2026-02-01T00:00:00.000Z', 'aged from the oldest enabled version');
  assert.deepEqual(s0.catalogIds, ['projects/111000111000/secrets/s-0', 'projects/northwind-prod/secrets/s-0']);
  assert.equal(server.counts.get('versions.get'), undefined);
});
