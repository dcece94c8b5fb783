// Live SCIM through the connector against a local RFC 7644 server: pages
// smaller than asked, the enterprise extension, a 429 then success, and a
// 401 that fails one app while the other is collected and loads.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scimConnector } from '../connectors/scim/index.js';
import type { ScimConfig } from '../connectors/scim/config.js';
import { retryAfterMs } from '../connectors/scim/client.js';
import { scimGroup, scimUser } from './helpers/estate-saas.js';
import { startScimServer, type ScimServer } from './servers/scim-server.js';

const TOKEN_CRM = 'crm-token-must-not-leak-7f3a';
const TOKEN_WIKI = 'wiki-token-must-not-leak-91bc';

describe('SCIM live collection', () => {
  let server: ScimServer;
  let out: string;
  const users = Array.from({ length: 7 }, (_, i) =>
    scimUser({ id: `u${i}`, userName: `user${i}@example.com`, active: i !== 3, employeeNumber: `E${100 + i}`, manager: i ? 'u0' : undefined }),
  );
  before(async () => {
    server = await startScimServer({
      crm: {
        token: TOKEN_CRM,
        users,
        groups: [scimGroup('crm', { id: 'g1', name: 'Sales Reps', members: ['u1', 'u2', 'ghost-9'] })],
        maxPage: 2,
        throttle: 1,
        retryAfter: '1',
      },
      wiki: { token: 'the-right-one', users: [scimUser({ id: 'w1', userName: 'w1@example.com' })], groups: [] },
    });
    out = await mkdtemp(join(tmpdir(), 'driftgraph-scim-live-'));
    process.env.CRM_SCIM_TOKEN = TOKEN_CRM;
    process.env.WIKI_SCIM_TOKEN = TOKEN_WIKI;
  });
  after(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
    delete process.env.CRM_SCIM_TOKEN;
    delete process.env.WIKI_SCIM_TOKEN;
  });

  const config = (): ScimConfig => ({
    apps: {
      crm: { baseUrl: server.base('crm'), tokenEnv: 'CRM_SCIM_TOKEN', pageSize: 5, privilegedGroups: ['Sales Reps'] },
      wiki: { baseUrl: server.base('wiki'), tokenEnv: 'WIKI_SCIM_TOKEN' },
    },
  });

  it('pages until totalResults, waits out a 429, and fails only the app whose token is refused', async () => {
    const steps: string[] = [];
    const started = Date.now();
    const result = await scimConnector.collect!(out, {
      now: '2026-11-20T02:00:00.000Z',
      config: config(),
      shared: {},
      progress: { step: (m) => steps.push(m) },
      stateDir: join(out, '.state'),
    });
    assert.deepEqual(result.containers, ['crm']);
    assert.equal(result.failed.length, 1);
    assert.equal(result.failed[0]!.container, 'wiki');
    assert.match(result.failed[0]!.error, /SCIM GET \/Users\?startIndex=1 status 401/);
    assert.ok(Date.now() - started >= 900, 'the 429 was waited out as Retry-After asked');
    // 7 users at 2 a page (asked 5): startIndex advances by what came back.
    const crmLog = server.log.filter((l) => l.startsWith('crm Users'));
    assert.deepEqual(crmLog, [
      'crm Users startIndex=1 count=5',
      'crm Users startIndex=3 count=5',
      'crm Users startIndex=5 count=5',
      'crm Users startIndex=7 count=5',
    ]);
    assert.equal(server.log[0], 'crm 429', 'the first request was throttled, then repeated');
    assert.deepEqual(await readdir(join(out, 'scim')), ['crm'], 'nothing is written for the failed app');
    const written = JSON.parse(await readFile(join(out, 'scim/crm/Users.json'), 'utf8'));
    assert.equal(written.Resources.length, 7);
    assert.equal(written.totalResults, 7);
    // No token in anything the connector said or wrote.
    const said = JSON.stringify([result, steps]) + (await readFile(join(out, 'scim/crm/Users.json'), 'utf8'));
    assert.ok(!said.includes(TOKEN_CRM) && !said.includes(TOKEN_WIKI));
  });

  it('loads what it collected: active per `active`, enterprise employeeNumber, privileged group, unknown member kept', async () => {
    const load = await scimConnector.loadSnapshot({
      snapshotDir: out,
      now: '2026-11-20T02:00:00.000Z',
      config: config(),
      shared: {},
      progress: { step() {} },
    });
    assert.deepEqual(load.containers, ['crm']);
    assert.deepEqual(load.failed, []);
    const byId = new Map(load.graph.nodes.map((n) => [n.props.nativeId, n.props]));
    assert.equal(byId.get('u3')!.active, false);
    assert.equal(byId.get('u4')!.active, true);
    assert.deepEqual(byId.get('u1')!.linkValues, ['email:user1@example.com', 'employee:e101']);
    assert.deepEqual(byId.get('u1')!.linkMethods, ['scim-username', 'scim-employee-number']);
    assert.equal(byId.get('u1')!.managerId, 'u0');
    assert.equal(byId.get('u1')!.privileged, true);
    assert.equal(byId.get('u5')!.privileged, false);
    assert.deepEqual(byId.get('g1')!.unknownMembers, ['ghost-9']);
    assert.equal(byId.get('g1')!.entitlementId, 'crm/Sales Reps');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(Date.parse('2026-01-01T00:00:05Z')).toUTCString(), Date.parse('2026-01-01T00:00:00Z')), 5000);
    assert.equal(retryAfterMs(null), 1000);
  });
});
