// The derive step remembers what it read and wrote (src/derive/memory.ts) and
// on a later scan reads only what the load touched. What it works out must
// not depend on that: the demo estate, changed scan after scan across the
// sources derive joins (people leave HR and come back, emails change, catalog
// files and devices come and go), is scanned into two stores, one with its
// memory and one made to read the whole graph before every scan, and the
// graph and the findings must be the same after every scan. The memory is
// trusted only while it describes the store: cut short, left by a scan
// killed before its derive step finished, or beside another store, it is
// not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import type { GraphStore } from '../src/graph/store.js';
import { runScan } from '../src/scan/run-scan.js';
import { memoryFile, takeDeriveMemory } from '../src/derive/memory.js';
import { DeriveIO } from '../src/derive/derive-io.js';
import { registry } from '../connectors/index.js';
import { DEMO_ESTATE_DIR } from './helpers/demo-store.js';
import { graphOf } from './helpers/graph-of.js';
import { seededRandom } from './helpers/seeded-random.js';
import { tempDir } from './helpers/cli.js';

/** Scan `dir`; returns the derive step's progress lines. */
async function scan(store: GraphStore, dir: string): Promise<string[]> {
  const lines: string[] = [];
  const r = await runScan(store, { snapshotDir: dir, config: {}, exceptions: [], registry, progress: { step: (m) => void lines.push(m) } });
  assert.equal(r.rules.filter((x) => x.error).length, 0, 'every rule runs');
  return lines.filter((l) => l.startsWith('linking'));
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

test('derive from memory and derive from the whole graph give the same graph and findings, scan after scan', async () => {
  const root = tempDir('driftgraph-derive-memory-');
  const remembering = await openEmbeddedStore(join(root, 'remembering.db'));
  const whole = await openEmbeddedStore(join(root, 'whole.db'));
  try {
    await ensureSchema(remembering);
    await ensureSchema(whole);
    for (const [n, seed] of [0, 1, 2, 0, 3, 4, 0].entries()) {
      const dir = variant(root, seed);
      const a = await scan(remembering, dir);
      // The other store forgets its memory before each scan: its derive reads everything.
      await whole.write('MATCH (m:DeriveMemory) SET m.token = null');
      const b = await scan(whole, dir);
      if (n > 0) assert.match(a.join('\n'), /remembered from the last scan/, `scan ${n} (seed ${seed}) derived from memory`);
      assert.match(b.join('\n'), /the whole graph is read/, `scan ${n}: the other store read everything`);
      const [ga, gb] = [await graphOf(remembering), await graphOf(whole)];
      assert.deepEqual(ga.nodes, gb.nodes, `scan ${n} (seed ${seed}): nodes and their derived properties`);
      assert.deepEqual(ga.edges, gb.edges, `scan ${n} (seed ${seed}): relationships`);
      assert.deepEqual(ga.findings, gb.findings, `scan ${n} (seed ${seed}): findings`);
    }
  } finally {
    await remembering.close();
    await whole.close();
  }
});

test('a memory cut short, left by a killed scan or beside another store is not trusted', async () => {
  const root = tempDir('driftgraph-derive-distrust-');
  const demo = variant(root, 0);
  const changed = variant(root, 5);
  const db = join(root, 'graph.db');
  const store = await openEmbeddedStore(db);
  try {
    await ensureSchema(store);
    await scan(store, demo);
    const file = memoryFile(store)!;
    assert.ok(statSync(file).size > 0, 'the scan kept a memory beside the store');

    // Cut short: the whole graph is read, and what it derives is what it would have.
    truncateSync(file, Math.floor(statSync(file).size / 2));
    assert.match((await scan(store, changed)).join('\n'), /the whole graph is read: its memory .* could not be read|cut short/);

    // A scan killed after its load began (the memory was taken, no derive kept a new one).
    await takeDeriveMemory(store, file);
    assert.match((await scan(store, demo)).join('\n'), /the whole graph is read: the last scan did not finish its derive step/);

    // The next scan trusts the memory the last one kept.
    assert.match((await scan(store, changed)).join('\n'), /remembered from the last scan/);

    // Another store's memory put beside this one.
    const other = join(root, 'other.db');
    const second = await openEmbeddedStore(other);
    try {
      await ensureSchema(second);
      await scan(second, demo);
    } finally {
      await second.close();
    }
    cpSync(`${other}.derive-memory`, file);
    assert.match((await scan(store, demo)).join('\n'), /the whole graph is read: its memory is of another scan/);
  } finally {
    await store.close();
  }
});

test('where the load touched a node, its derived properties and relationships are read from the store, not taken from memory', async () => {
  const store = await openEmbeddedStore(join(tempDir('driftgraph-derive-touched-'), 'graph.db'));
  try {
    await store.write("UNWIND ['a', 'b', 'c'] AS k CREATE (:Entity:Identity {key: k, isNhi: true})");
    await store.write("CREATE (:Entity:Person {key: 'p'})");
    const links = ['a', 'b', 'c'].map((k) => ({ from: k, to: 'p', props: { method: 'email' } }));
    const notNhi = ['a', 'b', 'c'].map((k) => ({ key: k, props: { isNhi: false } }));
    // The last derive linked a, b and c to p and wrote isNhi false on each.
    const first = new DeriveIO(store);
    await first.replaceDerivedEdges('LINKED_TO', links);
    await first.setProps(notNhi);
    // Since then something other than derive (a load's take-back, say) put
    // a's property back and dropped a's and b's relationships; the load
    // touched a and c.
    await store.write("MATCH (n:Entity {key: 'a'}) SET n.isNhi = true");
    await store.write("MATCH (n:Entity)-[e:LINKED_TO]->() WHERE n.key IN ['a', 'b'] DELETE e");
    const again = new DeriveIO(store, first.next, new Set(['a', 'c']));
    await again.replaceDerivedEdges('LINKED_TO', links);
    await again.setProps(notNhi);
    const rows = await store.read(
      'MATCH (n:Identity) OPTIONAL MATCH (n)-[e:LINKED_TO]->(:Person) RETURN n.key AS key, n.isNhi AS isNhi, count(e) AS links ORDER BY key',
    );
    // a and c, touched, are read and made whole (c's relationship is not
    // written twice); b was not touched, so the memory that says it is linked is believed.
    assert.deepEqual(rows.map((r) => ({ ...r, links: Number(r.links) })), [
      { key: 'a', isNhi: false, links: 1 },
      { key: 'b', isNhi: false, links: 0 },
      { key: 'c', isNhi: false, links: 1 },
    ]);
  } finally {
    await store.close();
  }
});
