// Compaction of the embedded store's file, on the real engine: a file that
// grew is replaced by a smaller copy holding every node, relationship and
// finding; a compaction that cannot complete leaves the file as it was and
// says so; a scan compacts by itself past store.compactAbove, and its
// findings are the same as a store's that never compacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { baselineFile, copyFile, storeBytes } from '../src/graph/compact-embedded.js';
import type { GraphStore } from '../src/graph/store.js';
import { cli, tempDir } from './helpers/cli.js';

const DEMO = new URL('../examples/demo-estate', import.meta.url).pathname;

/** Every node and relationship with every property, in a stable order. */
async function dump(store: GraphStore): Promise<string> {
  const nodes = await store.read('MATCH (n) RETURN labels(n) AS l, properties(n) AS p');
  const rels = await store.read('MATCH (a)-[e]->(b) RETURN a.key AS a, type(e) AS t, properties(e) AS p, b.key AS b');
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, stable(x)])) : v;
  return JSON.stringify({ nodes: sorted(nodes.map(stable)), rels: sorted(rels.map(stable)) });
}

/** A store whose file has grown: the same 3,000 nodes and 3,000 relationships rewritten `rounds` times, a scan's worth per open. */
async function grownStore(path: string, rounds: number): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    const store = await openEmbeddedStore(path);
    await ensureSchema(store);
    const rows = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i}`, round: r, text: `value ${r} of node ${i} `.repeat(4) }));
    await store.write('UNWIND $rows AS r MERGE (n:Entity {key: r.key}) SET n.round = r.round, n.text = r.text', { rows });
    const links = rows.map((x, i) => ({ a: x.key, b: `k${(i + 1) % 3000}`, round: r }));
    await store.write('UNWIND $links AS l MATCH (a:Entity {key: l.a}), (b:Entity {key: l.b}) MERGE (a)-[e:LINKED_TO]->(b) SET e.round = l.round', { links });
    await store.write("MERGE (f:Finding {id: 'f1'}) SET f.status = $s", { s: r % 2 ? 'open' : 'resolved' });
    await store.close();
  }
}

test('a grown store is compacted into a smaller file that holds every node, relationship and finding', async () => {
  const path = join(tempDir(), 'graph.db');
  await grownStore(path, 4);
  const store = await openEmbeddedStore(path);
  const before = await dump(store);
  const r = await store.compact!({});
  assert.equal(r.compacted, true, r.message);
  assert.equal(r.failed, false);
  assert.ok(r.afterBytes! < r.beforeBytes!, `${r.afterBytes} < ${r.beforeBytes}`);
  assert.match(r.message, /compacted: .* MiB -> .* MiB/);
  // The store was reopened on the compacted file: same data, still writable.
  assert.equal(await dump(store), before);
  await store.write("MERGE (n:Entity {key: 'after'}) SET n.ok = true");
  await store.close();
  assert.equal(existsSync(copyFile(path)), false, 'no copy left behind');
  assert.equal(JSON.parse(readFileSync(baselineFile(path), 'utf8')).why, 'compacted');
  const again = await openEmbeddedStore(path, { readOnly: true });
  assert.equal((await again.read("MATCH (n:Entity {key: 'after'}) RETURN n.ok AS ok"))[0]?.ok, true);
  assert.equal((await again.read("MATCH (f:Finding {id: 'f1'}) RETURN f.status AS s"))[0]?.s, 'open');
  assert.equal((await again.read('MATCH (n:Entity) RETURN count(n) AS c'))[0]?.c, 3001);
  await again.close();
});

test('with a threshold, the first compaction records the size and a later one compacts only past it', async () => {
  const path = join(tempDir(), 'graph.db');
  await grownStore(path, 1);
  let store = await openEmbeddedStore(path);
  const first = await store.compact!({ above: 1.5 });
  assert.equal(first.compacted, false);
  assert.match(first.message, /recorded/);
  const recorded = JSON.parse(readFileSync(baselineFile(path), 'utf8'));
  assert.equal(recorded.why, 'first measured');
  const within = await store.compact!({ above: 1.5 });
  assert.equal(within.compacted, false);
  assert.match(within.message, /not compacted: within 1.5x/);
  // Three times the data: past 1.5x the recorded size.
  const rows = Array.from({ length: 9000 }, (_, i) => ({ key: `more${i}`, text: `more data for node ${i} `.repeat(4) }));
  await store.write('UNWIND $rows AS r MERGE (n:Entity {key: r.key}) SET n.text = r.text', { rows });
  await store.close();
  store = await openEmbeddedStore(path);
  const before = await dump(store);
  const past = await store.compact!({ above: 1.5, reopen: false });
  assert.equal(past.compacted, true, `${past.message} (baseline ${recorded.bytes})`);
  await store.close(); // closed by the compaction already: a no-op
  store = await openEmbeddedStore(path, { readOnly: true });
  assert.equal(await dump(store), before);
  await store.close();
});

test('a compaction that cannot write its copy leaves the store as it was and says so', async () => {
  const path = join(tempDir(), 'graph.db');
  await grownStore(path, 3);
  // The copy's place is taken by a folder with a file in it: the copy cannot be written.
  mkdirSync(copyFile(path));
  writeFileSync(join(copyFile(path), 'keep.txt'), 'not ours');
  const store = await openEmbeddedStore(path);
  const before = await dump(store);
  const r = await store.compact!({});
  assert.equal(r.compacted, false);
  assert.equal(r.failed, true);
  assert.match(r.message, /not compacted .* is unchanged/);
  // The file is as the checkpoint before the copy left it: not replaced, not shrunk.
  assert.equal(r.afterBytes, r.beforeBytes);
  assert.equal(storeBytes(path), r.beforeBytes);
  assert.equal(await dump(store), before);
  await store.write("MERGE (n:Entity {key: 'still-writable'})");
  await store.close();
  assert.equal(readFileSync(join(copyFile(path), 'keep.txt'), 'utf8'), 'not ours');
  assert.ok(statSync(path).size > 0);
});

test('a read-only store is not compacted', async () => {
  const path = join(tempDir(), 'graph.db');
  await grownStore(path, 1);
  const store = await openEmbeddedStore(path, { readOnly: true });
  const r = await store.compact!({});
  assert.deepEqual([r.compacted, r.failed], [false, false]);
  await store.close();
});

/** Three scans of the demo estate on three days, with the given config; returns the last scan's stderr. */
function threeScans(dir: string, configYaml: string): string {
  const config = join(dir, 'driftgraph.yaml');
  writeFileSync(config, configYaml);
  let stderr = '';
  for (const day of ['2026-11-21', '2026-11-22', '2026-11-23']) {
    const r = cli(['--config', config, '--db', join(dir, 'graph.db'), 'scan', '--from', DEMO, '--now', `${day}T00:00:00Z`], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    stderr += r.stderr;
  }
  return stderr;
}

test('a scan compacts the store past store.compactAbove, and its findings are those of a store that never compacted', () => {
  const compacting = tempDir();
  const plain = tempDir();
  const log = threeScans(compacting, 'store:\n  compactAbove: 1.2\n');
  const plainLog = threeScans(plain, 'store:\n  compactAbove: false\n');
  assert.match(log, /store file compacted: /);
  assert.doesNotMatch(plainLog, /store file/);
  const findings = (dir: string) => {
    const r = cli(['--db', join(dir, 'graph.db'), 'findings', '--status', 'all', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const got = findings(compacting);
  assert.ok(got.length > 10);
  assert.deepEqual(got, findings(plain));
  assert.ok(storeBytes(join(compacting, 'graph.db')) < storeBytes(join(plain, 'graph.db')));
});

test('driftgraph compact: compacts now, refuses a store that does not exist, and rejects a bad ratio', () => {
  const dir = tempDir();
  threeScans(dir, 'store:\n  compactAbove: false\n');
  const db = join(dir, 'graph.db');
  const r = cli(['--db', db, 'compact', '--json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.compacted, true);
  assert.ok(out.afterBytes < out.beforeBytes);
  const within = cli(['--db', db, 'compact', '--if-above', '2'], { cwd: dir });
  assert.equal(within.code, 0, within.stderr);
  assert.match(within.stdout, /not compacted: within 2x its size after the last compaction/);
  const missing = cli(['--db', join(dir, 'nothing.db'), 'compact'], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no graph database at .*nothing\.db yet/);
  assert.equal(existsSync(join(dir, 'nothing.db')), false, 'no empty store is created');
  assert.equal(cli(['--db', db, 'compact', '--if-above', 'half'], { cwd: dir }).code, 2);
});

test('a scan whose compaction cannot complete still succeeds, keeps the store and warns', () => {
  const dir = tempDir();
  const db = join(dir, 'graph.db');
  const config = join(dir, 'driftgraph.yaml');
  writeFileSync(config, 'store:\n  compactAbove: 1.2\n');
  const scan = (day: string) => cli(['--config', config, '--db', db, 'scan', '--json', '--from', DEMO, '--now', `${day}T00:00:00Z`], { cwd: dir });
  const first = scan('2026-11-21');
  assert.ok(first.code === 0 || first.code === 1, first.stderr);
  mkdirSync(copyFile(db));
  writeFileSync(join(copyFile(db), 'keep.txt'), 'not ours');
  const second = scan('2026-11-22');
  assert.equal(second.code, first.code, second.stderr);
  const warnings = JSON.parse(second.stdout).warnings as string[];
  assert.ok(warnings.some((w) => /store file not compacted \(.*\); .*graph\.db is unchanged/.test(w)), warnings.join('\n'));
  const findings = cli(['--db', db, 'findings', '--format', 'json'], { cwd: dir });
  assert.equal(findings.code, 0, findings.stderr);
  assert.ok(JSON.parse(findings.stdout).length > 10);
});
