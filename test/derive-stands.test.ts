// A scan whose load changed nothing keeps what the last derive step wrote
// (src/derive/derive-state.ts) unless the people changed with time. What it
// works out must not depend on that: the same snapshots are scanned into two
// stores, one that may keep the last derive and one made to derive in full
// before every scan, and the graph and the findings must be the same after
// every scan. The demo estate is changed between scans across the sources
// derive joins (people leave HR and come back, emails change, catalog files
// and devices come and go, other sources' records are written again) and
// scanned twice as it is; a leave date passing between two scans of the
// same files makes a team inactive; a killed scan, a review naming an owner
// and a changed `links` config each make the next scan derive in full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import type { GraphStore } from '../src/graph/store.js';
import type { Config } from '../src/config/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { takeLastDerive } from '../src/derive/derive-state.js';
import { registry } from '../connectors/index.js';
import { DEMO_ESTATE_DIR } from './helpers/demo-store.js';
import { graphOf } from './helpers/graph-of.js';
import { seededRandom } from './helpers/seeded-random.js';
import { tempDir } from './helpers/cli.js';
import { emailOf, writeEstate } from './helpers/estate.js';
import { account, ana, bob, rArn } from './rules/scan-helpers.js';

const STANDS = /links, NHIs and owners stand as the last scan wrote them/;

/** Scan `dir`; returns the derive step's progress lines. */
async function scan(store: GraphStore, dir: string, o: { now?: string; config?: Config } = {}): Promise<string> {
  const lines: string[] = [];
  const r = await runScan(store, { snapshotDir: dir, now: o.now, config: o.config ?? {}, exceptions: [], registry, progress: { step: (m) => void lines.push(m) } });
  assert.equal(r.rules.filter((x) => x.error).length, 0, 'every rule runs');
  return lines.filter((l) => l.startsWith('linking')).join('\n');
}

/** Two stores scanning the same snapshots: `a` may keep the last derive, `b` derives in full every time. */
async function twoStores(root: string) {
  const a = await openEmbeddedStore(join(root, 'a.db'));
  const b = await openEmbeddedStore(join(root, 'b.db'));
  await ensureSchema(a);
  await ensureSchema(b);
  return {
    a,
    b,
    /** Scan both; the same graph and findings after; returns a's derive lines. */
    async scanBoth(dir: string, label: string, o: { now?: string; config?: Config } = {}): Promise<string> {
      const lines = await scan(a, dir, o);
      await b.write('MATCH (d:DeriveState) SET d.whole = false');
      assert.doesNotMatch(await scan(b, dir, o), STANDS);
      const [ga, gb] = [await graphOf(a), await graphOf(b)];
      assert.deepEqual(ga.nodes, gb.nodes, `${label}: nodes and their derived properties`);
      assert.deepEqual(ga.edges, gb.edges, `${label}: relationships`);
      assert.deepEqual(ga.findings, gb.findings, `${label}: findings`);
      return lines;
    },
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

/**
 * A copy of the demo estate changed by `seed`: rows of the HR and device
 * files dropped, some people's emails changed, some catalog files left out,
 * and in other sources' files the dates of 2025 moved a year back (their
 * records are written again, over what derive wrote on them). Seed 0 is the
 * estate as it is.
 */
function variant(root: string, seed: number): string {
  const dir = join(root, `estate-${seed}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(DEMO_ESTATE_DIR, dir, { recursive: true });
  if (seed === 0) return dir;
  const random = seededRandom(seed);
  for (const file of ['hr/people.csv', 'hr/events.csv', 'devices/devices.csv']) {
    const [header, ...rows] = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
    const kept = rows
      .filter(() => random() >= 0.2)
      .map((row) => {
        const email = row.split(',').find((cell) => cell.includes('@'));
        return email && random() < 0.15 ? row.replaceAll(email, email.replace('@', '.moved@')) : row;
      });
    writeFileSync(join(dir, file), [header, ...kept].join('\n') + '\n');
  }
  for (const f of readdirSync(join(dir, 'catalog'))) if (random() < 0.25) rmSync(join(dir, 'catalog', f));
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!/\.(json|csv)$/.test(file) || /^(hr|catalog|devices)\//.test(file) || random() >= 0.3) continue;
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replaceAll('2025-', '2024-'));
  }
  return dir;
}

test('keeping the last derive and deriving in full give the same graph and findings, scan after scan', async () => {
  const root = tempDir('driftgraph-derive-stands-');
  const stores = await twoStores(root);
  try {
    for (const [n, seed] of [0, 0, 1, 1, 2, 0, 3, 3].entries()) {
      const lines = await stores.scanBoth(variant(root, seed), `scan ${n} (seed ${seed})`);
      // The same snapshot scanned again: nothing loaded changed, and derive stands.
      const again = n > 0 && [0, 0, 1, 1, 2, 0, 3, 3][n - 1] === seed;
      if (again) assert.match(lines, STANDS, `scan ${n} (seed ${seed}) is the last one again`);
      else assert.doesNotMatch(lines, STANDS, `scan ${n} (seed ${seed}) changed the graph`);
    }
  } finally {
    await stores.close();
  }
});

test('a leave date passing between two scans of the same files is worked out in full', async () => {
  const root = tempDir('driftgraph-derive-time-');
  const stores = await twoStores(root);
  // Ana leaves on the 25th; she alone is the team that owns the role.
  const leaving = { ...ana, endDate: '2026-11-25' };
  const dir = await writeEstate(
    {
      collectedAt: '2026-11-20T02:00:00Z',
      people: [leaving, bob],
      catalog: {
        groups: [{ name: 'data', members: ['e1'] }],
        users: [{ name: 'e1', email: emailOf(ana) }],
        services: [{ name: 'etl', owner: 'group:default/data', identities: [rArn('etl')] }],
      },
      aws: [account({ roles: [{ name: 'etl' }] })],
    },
    root,
  );
  try {
    await stores.scanBoth(dir, 'the 20th');
    assert.equal((await graphOf(stores.a)).findings.filter((f) => f.ruleId === 'leaver-owned-nhi').length, 0);
    // The 27th: the same files, but Ana has left, and with her the team.
    const lines = await stores.scanBoth(dir, 'the 27th', { now: '2026-11-27T02:00:00Z' });
    assert.doesNotMatch(lines, STANDS, 'a person changed with time: derive works everything out');
    const found = (await graphOf(stores.a)).findings.filter((f) => f.ruleId === 'leaver-owned-nhi');
    assert.deepEqual(found.map((f) => f.subject.id), [rArn('etl')]);
    // The 28th: nothing more changed.
    assert.match(await stores.scanBoth(dir, 'the 28th', { now: '2026-11-28T02:00:00Z' }), STANDS);
  } finally {
    await stores.close();
  }
});

test('a killed scan, an owner named by a review and a changed links config each make the next derive work everything out', async () => {
  const root = tempDir('driftgraph-derive-full-');
  const stores = await twoStores(root);
  const demo = variant(root, 0);
  try {
    await stores.scanBoth(demo, 'first');
    assert.match(await stores.scanBoth(demo, 'again'), STANDS);
    // Killed between its load and the end of its derive step: the state was taken, never given back.
    await takeLastDerive(stores.a);
    assert.doesNotMatch(await stores.scanBoth(demo, 'after a killed scan'), STANDS);
    assert.match(await stores.scanBoth(demo, 'again'), STANDS);
    // An access review names an owner (a reassign decision), in both stores.
    const subject = String((await stores.a.read("MATCH (n:NHI) RETURN n.key AS key ORDER BY key LIMIT 1"))[0]!.key);
    for (const s of [stores.a, stores.b]) {
      await s.write("CREATE (:ReviewOwner {subjectKey: $key, owner: 'email:helen.wright@northwind.example', campaignId: 'c1'})", { key: subject });
    }
    assert.doesNotMatch(await stores.scanBoth(demo, 'after a review'), STANDS);
    // The operator links an account by hand.
    const config: Config = { links: { manual: [{ source: 'github', account: 'octo-ci', person: 'email:helen.wright@northwind.example' }] } };
    assert.doesNotMatch(await stores.scanBoth(demo, 'after a config change', { config }), STANDS);
    assert.match(await stores.scanBoth(demo, 'again', { config }), STANDS);
  } finally {
    await stores.close();
  }
});
