// Incremental writes change what is written, never what the graph says: the
// same sequence of snapshots is scanned into two stores, one incremental, one
// forced down the full-rewrite path (every content hash, container file
// digest and finding input digest stripped before each scan, so every
// container is read, every finding built and every record, derived
// relationship and finding rewritten), and
// findings, their lifecycle and the entity graph must be identical. An
// unchanged re-scan then writes almost nothing.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readFindings } from '../src/findings/finding-store.js';
import { graphOf } from './helpers/graph-of.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import type { GraphStore } from '../src/graph/store.js';
import { runScan } from '../src/scan/run-scan.js';
import { registry } from '../connectors/index.js';
import { writeEstate } from './helpers/estate.js';
import { countingStore } from './helpers/counting-store.js';
import { tempRoot } from './rules/scan-helpers.js';
import { scaleEstate } from './bench/scale-estate.js';

const day = (n: number) => new Date(Date.UTC(2026, 10, 10 + n, 2)).toISOString();

async function scan(store: GraphStore, dir: string, lines: string[] = []) {
  const r = await runScan(store, { snapshotDir: dir, config: {}, exceptions: [], progress: { step: (m) => void lines.push(m) }, registry });
  return { exitCode: r.exitCode, lifecycle: r.lifecycle, outcomes: r.outcomes.map((o) => ({ ...o, seconds: 0 })) };
}

/** `store`, counting the subjects read whole (what building a finding needs) into `read.subjects`. */
function countingSubjects(store: GraphStore, read: { subjects: number }): GraphStore {
  return {
    ...store,
    kind: store.kind,
    location: store.location,
    read: (c, p) => {
      if (c.includes('properties(n) AS node') && Array.isArray(p?.keys)) read.subjects += p.keys.length;
      return store.read(c, p);
    },
    write: (c, p) => store.write(c, p),
    writeTx: (w) => store.writeTx(w),
    close: () => store.close(),
  };
}

async function stripHashes(store: GraphStore): Promise<void> {
  await store.write('MATCH (n:Entity) REMOVE n.contentHash');
  await store.write('MATCH ()-[e]->() REMOVE e.contentHash');
  await store.write('MATCH (f:Finding) REMOVE f.contentHash');
  // And what each finding was built from: the full path builds every finding again.
  await store.write('MATCH (f:Finding) REMOVE f.inputDigest');
  // And every container's file digests: the full path reads every container again.
  await store.write('MATCH (f:SnapshotFiles) REMOVE f.digest');
  // And what the last derive left: the full path derives everything again.
  await store.write('MATCH (d:DeriveState) SET d.whole = false');
}

test('incremental and full-rewrite scans of the same snapshots give the same findings, lifecycle and graph', async () => {
  const root = await tempRoot();
  const base = (n: number) => writeEstate(scaleEstate({ people: 60, collectedAt: day(n) }), root);
  const changed = (n: number) => writeEstate(scaleEstate({ people: 60, collectedAt: day(n), changed: true }), root);
  const broken = async (n: number) => {
    const dir = await changed(n);
    await writeFile(join(dir, 'aws', '200000000000', 'access-keys.json'), '[{"UserName": ');
    return dir;
  };
  // base, 1 % changed, the same again a day later, a broken AWS file, back to base (reopens).
  const sequence = [await base(0), await changed(1), await changed(2), await broken(3), await base(4)];
  const incremental = await openEmbeddedStore(join(root, 'incremental.db'));
  const full = await openEmbeddedStore(join(root, 'full.db'));
  try {
    await ensureSchema(incremental);
    await ensureSchema(full);
    const kinds = new Set<string>();
    const skipped: string[] = [];
    for (const [n, dir] of sequence.entries()) {
      await stripHashes(full);
      const lines: string[] = [];
      const builtA = { subjects: 0 };
      const builtB = { subjects: 0 };
      const a = await scan(countingSubjects(incremental, builtA), dir, lines);
      for (const l of lines) if (/unchanged since its last complete load/.test(l)) skipped.push(`${n} ${l}`);
      const b = await scan(countingSubjects(full, builtB), dir);
      // Found again from the same facts, a finding is not built again: scan 2 is scan 1's estate a day later.
      if (n === 2) assert.ok(builtA.subjects * 4 < builtB.subjects, `scan 2 built ${builtA.subjects} of ${builtB.subjects} findings' subjects again`);
      assert.deepEqual(a, b, `scan ${n}: outcomes and lifecycle`);
      for (const t of a.lifecycle.transitions) kinds.add(t.kind);
      const ga = await graphOf(incremental);
      const gb = await graphOf(full);
      assert.deepEqual(ga.findings, gb.findings, `scan ${n}: findings`);
      assert.deepEqual(ga.nodes, gb.nodes, `scan ${n}: nodes`);
      assert.deepEqual(ga.edges, gb.edges, `scan ${n}: relationships`);
      assert.ok(ga.findings.every((f) => f.lastSeen <= day(n)), `scan ${n}: no lastSeen after the scan`);
    }
    assert.deepEqual([...kinds].sort(), ['new', 'reopened', 'resolved'], 'the sequence moves findings through their lifecycle');
    // The incremental store did not read again the containers whose files had not changed.
    assert.ok(skipped.some((l) => l.startsWith('2 aws:')), `scan 2 read an unchanged AWS account again: ${skipped.join('; ')}`);
    // Nor the sources without containers whose files had not changed.
    for (const source of ['okta', 'devices']) assert.ok(skipped.some((l) => l.startsWith(`2 ${source}:`)), `scan 2 read the unchanged ${source} files again`);
    const kept = (await readFindings(incremental)).filter((f) => f.subject.source === 'aws' && f.status === 'open' && f.lastSeen === day(2));
    assert.equal(kept.length, 0, 'findings the broken scan kept were found again by the last scan');
  } finally {
    await incremental.close();
    await full.close();
  }
});

test('an unchanged re-scan writes almost nothing, the same day or a day later, and lastSeen and day counts still move on', async () => {
  const root = await tempRoot();
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const first = countingStore(store);
    await scan(first.store, await writeEstate(scaleEstate({ people: 200, collectedAt: day(0) }), root));
    // The same estate scanned again at the same now: nothing at all changed.
    const again = countingStore(store);
    await scan(again.store, await writeEstate(scaleEstate({ people: 200, collectedAt: day(0) }), root));
    assert.ok(first.counts.rows > 2000, `the first scan writes the estate (${first.counts.rows} rows)`);
    // What is left: the Scan node, the derive state (not whole during the
    // scan, whole again after: src/derive/derive-state.ts), and nothing else
    // that grows with the estate.
    assert.ok(again.counts.rows <= 7, `an unchanged re-scan wrote ${again.counts.rows} rows in ${again.counts.statements} statements`);
    // A day later: the findings are found again at the new now without being rewritten.
    const later = countingStore(store);
    await scan(later.store, await writeEstate(scaleEstate({ people: 200, collectedAt: day(1) }), root));
    const findings = await readFindings(store);
    assert.ok(findings.length > 50);
    assert.ok(findings.filter((f) => f.status !== 'resolved').every((f) => f.lastSeen === day(1) && f.firstSeen === day(0)));
    // The day counts are those of day 1: one more than the day-0 scan wrote.
    const counted = findings.filter((f) => f.ruleId === 'stale-credential');
    assert.ok(counted.length > 0);
    for (const f of counted) {
      const days = Math.floor((Date.parse(day(1)) - Date.parse(String(f.evidence.lastUsed))) / 86_400_000);
      assert.equal(f.evidence.days, days);
      assert.match(f.title, new RegExp(`unused for ${days} days$`));
    }
    // Nor a day later: day counts, lastSeen and who had access move on without a write.
    assert.ok(later.counts.rows <= 7, `a day later ${later.counts.rows} rows in ${later.counts.statements} statements`);
  } finally {
    await store.close();
  }
});
