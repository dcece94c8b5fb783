// The snapshot files of scim/, okta/ and devices/ as real exports write them
// (docs/snapshot-format.md "What real files look like"), and broken ones: a broken
// SCIM app fails alone, a broken Okta log or device inventory fails its
// whole source, each error naming the file and the line or JSON path.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scimConnector } from '../connectors/scim/index.js';
import { oktaConnector } from '../connectors/okta/index.js';
import { devicesConnector } from '../connectors/devices/index.js';
import { countryCode } from '../connectors/okta/countries.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { registry } from '../connectors/index.js';
import { readFindings } from '../src/findings/finding-store.js';
import { tempDir, writeTree } from './helpers/cli.js';
import { ENTERPRISE, estateFiles, listResponse, logEvent, scimFiles, type Person } from './helpers/estate.js';

const NOW = '2026-11-20T02:00:00.000Z';
const ctx = (dir: string, config?: unknown) => ({ snapshotDir: dir, now: NOW, config: config as never, shared: {}, progress: { step() {} } });

describe('scim/ files', () => {
  it('reads partial resources, pages as a list, relative manager refs and unknown group members', async () => {
    const users = [
      { id: 'a', userName: 'ana@example.com' }, // no active, emails or meta: active
      { id: 'b', userName: 'bo', active: 'False', [ENTERPRISE]: { manager: { $ref: '../Users/a' }, employeeNumber: 42 } },
    ];
    const dir = writeTree(tempDir(), {
      // Two ListResponse pages in one JSON array.
      'scim/app/Users.json': JSON.stringify([JSON.parse(listResponse([users[0]!])), JSON.parse(listResponse([users[1]!]))]),
      'scim/app/Groups.json': listResponse([{ id: 'g', displayName: 'Staff', members: [{ value: 'a' }, { value: 'zz-not-a-user' }] }]),
    });
    const load = await scimConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.failed, []);
    const byId = new Map(load.graph.nodes.map((n) => [n.props.nativeId, n.props]));
    assert.equal(byId.get('a')!.active, true);
    assert.equal(byId.get('b')!.active, false);
    assert.equal(byId.get('b')!.managerId, 'a');
    assert.deepEqual(byId.get('b')!.linkValues, ['employee:42']);
    assert.deepEqual(byId.get('g')!.unknownMembers, ['zz-not-a-user']);
    assert.deepEqual(load.graph.edges.map((e) => `${e.from} ${e.to}`), ['scim:app:user:a scim:app:group:g']);
    assert.match(load.warnings.join('\n'), /1 group member\(s\) not in Users.json kept as unknown members/);
  });

  it('fails only the app with a broken file, naming the file and line or JSON path', async () => {
    const dir = writeTree(tempDir(), {
      ...scimFiles({ name: 'good', users: [{ id: 'u1', userName: 'x@example.com' }] }),
      'scim/broken/Users.json': '{"Resources": [\n  {"id": "u1",}\n]}',
      'scim/odd/Users.json': listResponse([{ id: 'u1', active: 'maybe' }]),
      'scim/odd/Groups.json': listResponse([]),
    });
    const load = await scimConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.containers, ['good']);
    assert.deepEqual(
      load.failed.map((f) => ({ container: f.container, error: f.error, place: f.place })),
      [
        { container: 'broken', error: 'scim: scim/broken/Users.json line 2: not valid JSON', place: { file: 'scim/broken/Users.json', line: 2 } },
        {
          container: 'odd',
          error: 'scim: scim/odd/Users.json at $.Resources[0].active: active is not a boolean',
          place: { file: 'scim/odd/Users.json', path: '$.Resources[0].active' },
        },
      ],
    );
    assert.ok(load.graph.nodes.every((n) => n.props.container === 'good'));
  });

  it('a scan keeps a failed app as it was (its findings stay open) and exits 1; the other app loads', async () => {
    const leo: Person = { id: 'E9', email: 'leo@example.com', status: 'terminated', endDate: '2026-10-01' };
    const base = estateFiles({ collectedAt: NOW, people: [leo] });
    const apps = {
      ...scimFiles({ name: 'crm', users: [{ id: 'c1', userName: 'leo@example.com' }] }),
      ...scimFiles({ name: 'wiki', users: [{ id: 'w1', userName: 'leo@example.com' }] }),
    };
    const root = tempDir();
    const first = writeTree(join(root, 's1'), { ...base, ...apps });
    const second = writeTree(join(root, 's2'), { ...base, ...apps, 'scim/crm/Users.json': '[' });
    const store = await openEmbeddedStore(join(root, 'graph.db'));
    try {
      await ensureSchema(store);
      const opts = { config: {}, exceptions: [], progress: { step() {} } };
      assert.equal((await runScan(store, { ...opts, registry, snapshotDir: first })).exitCode, 0);
      const r = await runScan(store, { ...opts, registry, snapshotDir: second });
      assert.equal(r.exitCode, 1);
      const scim = r.outcomes.find((o) => o.source === 'scim')!;
      assert.equal(scim.status, 'partial');
      assert.deepEqual(scim.containers, ['wiki']);
      assert.deepEqual(scim.failedContainers.map((f) => `${f.container}: ${f.error}`), ['crm: scim: scim/crm/Users.json line 1: not valid JSON: the file ends early (cut or truncated)']);
      const leaver = (await readFindings(store)).filter((f) => f.ruleId === 'leaver-active-access');
      assert.deepEqual(leaver.map((f) => `${f.subject.container} ${f.status}`).sort(), ['crm open', 'wiki open']);
      const removed = await store.read(`MATCH (i:Identity {key: 'scim:crm:user:c1'}) RETURN i.removedAt AS removedAt`);
      assert.equal(removed[0]!.removedAt, null);
    } finally {
      await store.close();
    }
  });
});

describe('okta/system-log.json', () => {
  it('maps English country names to ISO 3166-1 alpha-2 with the full table', () => {
    const cases: [string, string | null][] = [
      ['United Kingdom', 'GB'], ['United States', 'US'], ['Germany', 'DE'], ['Korea, Republic of', 'KR'],
      ['South Korea', 'KR'], ["Côte d'Ivoire", 'CI'], ['Syria', 'SY'], ['Moldova', 'MD'], ['Czechia', 'CZ'],
      ['Atlantis', null], ['', null],
    ];
    for (const [name, code] of cases) assert.equal(countryCode(name), code, name);
  });

  it('reads numbers as strings and strings as numbers, and nulls where objects are expected', async () => {
    const e = logEvent({ email: 'ana@example.com', time: '2026-11-19T10:00:00Z', country: 'United Kingdom', device: 'd1' });
    (e as Record<string, unknown>).version = 0;
    ((e.client as Record<string, unknown>).geographicalContext as Record<string, unknown>).postalCode = 'SW1A 1AA';
    const f = logEvent({ email: 'ana@example.com', time: '2026-11-19T11:00:00+01:00', country: 'United Kingdom', device: null });
    (f as Record<string, unknown>).client = null;
    const dir = writeTree(tempDir(), { 'okta/system-log.json': JSON.stringify([e, f]) });
    const load = await oktaConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.failed, []);
    const props = load.graph.nodes.map((n) => n.props).sort((a, b) => String(a.nativeId).localeCompare(String(b.nativeId)));
    assert.deepEqual(props.map((p) => [p.nativeId, p.country, p.deviceId, p.lastEventAt]), [
      ['ana@example.com|-|-', null, null, '2026-11-19T10:00:00.000Z'],
      ['ana@example.com|GB|d1', 'GB', 'd1', '2026-11-19T10:00:00.000Z'],
    ]);
  });

  it('fails the whole source with the line and JSON path of a broken event, or when more than maxBadEventShare of its events are unreadable', async () => {
    const good = JSON.stringify(logEvent({ email: 'a@example.com', time: '2026-11-19T10:00:00Z', country: 'Spain' }));
    const broken = writeTree(tempDir(), { 'okta/system-log.json': `[\n${good},\n{"eventType": "user.session.start", oops}\n]` });
    const a = await oktaConnector.loadSnapshot(ctx(broken));
    assert.deepEqual(a.containers, []);
    assert.deepEqual(a.failed.map((f) => [f.container, f.error]), [['', 'okta: okta/system-log.json line 3 at $[1]: not valid JSON']]);
    const bad = logEvent({ email: 'a@example.com', time: '2026-11-19T10:00:00Z', country: 'Spain' });
    bad.published = '2026-02-30T10:00:00Z';
    const badTime = writeTree(tempDir(), { 'okta/system-log.json': JSON.stringify([JSON.parse(good), bad]) });
    const b = await oktaConnector.loadSnapshot(ctx(badTime));
    assert.equal(
      b.failed[0]!.error,
      'okta: okta/system-log.json at $[1].published: 1 of 2 events are unreadable, more than maxBadEventShare 0.01: the log is not what the provider wrote; first: published is not an ISO 8601 timestamp with a time and zone, or not a real date',
    );
    const notArray = writeTree(tempDir(), { 'okta/system-log.json': '{"events": []}' });
    assert.match((await oktaConnector.loadSnapshot(ctx(notArray))).failed[0]!.error, /line 1 at \$: expected a JSON array of events/);
  });
});

describe('devices/devices.csv', () => {
  it('reads another MDM export through the column map', async () => {
    const dir = writeTree(tempDir(), {
      'devices/devices.csv': '\ufeffDevice ID,Primary User,OS,Is Managed,Compliance,Last Check-in,Serial\r\nd1,Ana@Example.com,macOS,Yes,false,2026-11-19T08:00:00Z,C02X\r\n',
    });
    const load = await devicesConnector.loadSnapshot(
      ctx(dir, { columns: { device_id: 'Device ID', owner_email: 'Primary User', platform: 'OS', managed: 'Is Managed', compliant: 'Compliance', last_seen: 'Last Check-in' }, keepColumns: ['Serial'] }),
    );
    assert.deepEqual(load.failed, []);
    const p = load.graph.nodes[0]!.props;
    assert.deepEqual([p.nativeId, p.ownerEmail, p.managed, p.compliant, p.lastSeenAt, p.mdm_serial], ['d1', 'ana@example.com', true, false, '2026-11-19T08:00:00.000Z', 'C02X']);
  });

  it('fails the whole source with the file and line of a bad row', async () => {
    const dir = writeTree(tempDir(), { 'devices/devices.csv': 'device_id,owner_email,platform,managed,compliant,last_seen\nd1,a@x.com,ios,true,true,\nd2,b@x.com,ios,sometimes,true,\n' });
    const load = await devicesConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.failed.map((f) => [f.container, f.error]), [['', 'devices: devices/devices.csv line 3: managed is not true or false']]);
    const noColumn = writeTree(tempDir(), { 'devices/devices.csv': 'device_id,owner_email\nd1,a@x.com\n' });
    assert.match((await devicesConnector.loadSnapshot(ctx(noColumn))).failed[0]!.error, /line 1: the header has no column "managed"/);
  });
});
