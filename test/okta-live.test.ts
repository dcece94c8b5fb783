// Live Okta through the connector against a local /api/v1/logs server: Link
// paging, X-Rate-Limit-* pacing, a 429 with reset, and a nightly collection
// that reads only since the last event it saw while the snapshot keeps the
// whole windowDays of sign-ins.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { oktaConnector } from '../connectors/okta/index.js';
import { nextLink } from '../connectors/okta/client.js';
import { errorMessage } from '../src/util/errors.js';
import { ago, logEvent } from './helpers/estate.js';
import { startOktaServer, type OktaServer } from './servers/okta-server.js';

const TOKEN = 'okta-ssws-token-must-not-leak-55aa';
const DAY1 = '2026-11-20T02:00:00.000Z';
const DAY2 = '2026-11-21T02:00:00.000Z';

describe('Okta live collection', () => {
  let server: OktaServer;
  let root: string;
  const events = [
    logEvent({ email: 'ana@example.com', time: ago(DAY1, 40), country: 'France' }), // outside the window
    ...Array.from({ length: 7 }, (_, i) => logEvent({ email: `p${i}@example.com`, time: ago(DAY1, 10 - i), country: 'Germany' })),
    logEvent({ email: 'ana@example.com', time: ago(DAY1, 1), country: 'Spain', outcome: 'FAILURE' }),
    logEvent({ email: 'ana@example.com', time: ago(DAY1, 1), country: 'Spain', eventType: 'user.account.lock' }),
  ];
  before(async () => {
    server = await startOktaServer({ token: TOKEN, events, maxPage: 3, throttle: 1, rateLimit: 3 });
    root = await mkdtemp(join(tmpdir(), 'driftgraph-okta-live-'));
    process.env.TEST_OKTA_TOKEN = TOKEN;
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
    delete process.env.TEST_OKTA_TOKEN;
  });
  const ctx = (now: string) => ({
    now,
    config: { baseUrl: server.url, tokenEnv: 'TEST_OKTA_TOKEN', windowDays: 30, pageSize: 100 },
    shared: {},
    progress: { step() {} },
    stateDir: join(root, 'state'),
  });

  it('reads every page of the window through Link rel=next, after a 429 and a spent rate limit', async () => {
    const out = join(root, 'day1');
    const result = await oktaConnector.collect!(out, ctx(DAY1));
    assert.deepEqual(result.containers, ['']);
    assert.equal(server.log[0], '429');
    const pages = server.log.filter((l) => l.startsWith('since='));
    assert.equal(pages[0], `since=${new Date(Date.parse(DAY1) - 30 * 86_400_000).toISOString()} until=${DAY1} after=0`);
    assert.deepEqual(pages.map((l) => l.split(' after=')[1]), ['0', '3', '6', '8'], '3 a page (the server caps), then an empty page ends');
    const written = JSON.parse(await readFile(join(out, 'okta/system-log.json'), 'utf8')) as { eventType: string }[];
    // The API filter asks for sign-in types; the failed one is kept in the log (the loader judges outcome).
    assert.equal(written.length, 8);
    assert.ok(!JSON.stringify(written).includes(TOKEN));
  });

  it('a later collection reads only since the last event and keeps the window', async () => {
    server.events.push(logEvent({ email: 'ana@example.com', time: ago(DAY2, 0, 3), country: 'Italy' }));
    server.log.length = 0;
    const out = join(root, 'day2');
    await oktaConnector.collect!(out, ctx(DAY2));
    const first = server.log.find((l) => l.startsWith('since='))!;
    assert.equal(first, `since=${new Date(ago(DAY1, 1)).toISOString()} until=${DAY2} after=0`);
    const written = JSON.parse(await readFile(join(out, 'okta/system-log.json'), 'utf8')) as { uuid: string }[];
    assert.equal(written.length, 9, 'the 8 kept, the new one, no duplicate of the cursor event');
    assert.equal(new Set(written.map((e) => e.uuid)).size, 9);
    const load = await oktaConnector.loadSnapshot({ snapshotDir: out, now: DAY2, config: {}, shared: {}, progress: { step() {} } });
    const countries = load.graph.nodes.map((n) => `${n.props.actorEmail} ${n.props.country}`).sort();
    assert.ok(countries.includes('ana@example.com IT'));
    assert.ok(!countries.includes('ana@example.com ES'), 'a failed sign-in is no sign-in');
  });

  it('fails with the API call and status when the token is refused', async () => {
    process.env.TEST_OKTA_TOKEN = 'wrong';
    try {
      await assert.rejects(oktaConnector.collect!(join(root, 'bad'), { ...ctx(DAY2), stateDir: join(root, 'state2') }), (e: Error) => {
        assert.equal(errorMessage(e), 'okta: API Okta GET /api/v1/logs (page 1) status 401: the API token was refused');
        assert.ok(!errorMessage(e).includes(TOKEN));
        return true;
      });
    } finally {
      process.env.TEST_OKTA_TOKEN = TOKEN;
    }
  });

  it('finds rel="next" among several links', () => {
    assert.equal(nextLink('<https://x/a?after=1>; rel="self", <https://x/a?after=2>; rel="next"'), 'https://x/a?after=2');
    assert.equal(nextLink('<https://x/a>; rel="self"'), null);
  });
});
