// A write that fails half way: the source is failed, what the failing
// container had written is taken back before the rules run, nothing is
// removed or resolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Connector } from '../../src/sources/connector.js';
import { loadContainers } from '../../connectors/lib/containers.js';
import { fileURLToPath } from 'node:url';
import { registry } from '../../connectors/index.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import type { GraphStore } from '../../src/graph/store.js';
import { runScan } from '../../src/scan/run-scan.js';
import { scanSummary } from '../../src/cli/summary.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { silentProgress } from '../../src/util/progress.js';
import { tempDir } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

/** The store, except that AWS's third node batch fails as a rejected write would. */
function failingAwsWrites(store: GraphStore): GraphStore {
  let awsBatches = 0;
  return {
    kind: store.kind,
    location: store.location,
    read: (c, p) => store.read(c, p),
    writeTx: (w) => store.writeTx(w),
    close: () => store.close(),
    async write(cypher, params) {
      const rows = (params?.rows as { key?: string }[] | undefined) ?? [];
      if (cypher.includes('MERGE (n:Entity {key: r.key})') && rows[0]?.key?.startsWith('aws:') && ++awsBatches === 3) {
        throw new Error('the engine refused the statement');
      }
      return store.write(cypher, params);
    },
  };
}

test('a write that fails half way fails its source and takes back what the failing container wrote', async () => {
  const store = await openEmbeddedStore(join(tempDir(), 'g.db'));
  try {
    await ensureSchema(store);
    const first = await runScan(store, { registry, snapshotDir: DEMO, config: {}, exceptions: [], progress: silentProgress });
    assert.equal(first.exitCode, 0);
    const before = (await readFindings(store)).filter((f) => f.status === 'open').length;
    // Loads write only what changed: without their content hashes every AWS
    // node is written again, so the second scan has batches to fail (and
    // without the accounts' file digests, every account is read again).
    await store.write("MATCH (n:Entity) WHERE n.source = 'aws' REMOVE n.contentHash");
    await store.write("MATCH (f:SnapshotFiles) WHERE f.source = 'aws' REMOVE f.digest");
    const second = await runScan(failingAwsWrites(store), { registry, snapshotDir: DEMO, config: {}, exceptions: [], progress: silentProgress, now: '2026-11-27T02:00:00Z' });
    assert.equal(second.exitCode, 1);
    const aws = second.outcomes.find((o) => o.source === 'aws')!;
    assert.equal(aws.status, 'failed');
    assert.equal(aws.takenBack, true);
    const summary = scanSummary(second);
    assert.match(summary, /aws failed while writing: what the failing container wrote was taken back; nothing was removed or resolved/);
    assert.match(summary, /aws\/\d{12}\/: the engine refused the statement; what it had written was taken back/);
    // Taken back: the failing account's nodes are as the test left them (no content hash written).
    const failing = /aws\/(\d{12})\//.exec(summary)![1]!;
    const rewritten = await store.read("MATCH (n:Entity) WHERE n.source = 'aws' AND n.container = $c AND n.contentHash IS NOT NULL RETURN count(n) AS n", { c: failing });
    assert.equal(Number(rewritten[0]!.n), 0, 'nothing of the failing account stays written');
    const removed = await store.read("MATCH (n:Entity) WHERE n.source = 'aws' AND n.removedAt IS NOT NULL RETURN count(n) AS n");
    assert.equal(Number(removed[0]!.n), 0);
    const after = await readFindings(store);
    assert.equal(after.filter((f) => f.status === 'resolved' && f.subject.source === 'aws').length, 0, 'nothing of AWS resolves');
    assert.ok(after.filter((f) => f.status === 'open').length >= before);
  } finally {
    await store.close();
  }
});

test('on a fresh store, a container whose write fails leaves nothing behind for the rules to judge', async () => {
  const store = await openEmbeddedStore(join(tempDir(), 'g.db'));
  try {
    await ensureSchema(store);
    const scan = await runScan(failingAwsWrites(store), { registry, snapshotDir: DEMO, config: {}, exceptions: [], progress: silentProgress });
    assert.equal(scan.exitCode, 1);
    const summary = scanSummary(scan);
    const failing = /aws\/(\d{12})\//.exec(summary)![1]!;
    const left = await store.read("MATCH (n:Entity) WHERE n.source = 'aws' AND n.container = $c RETURN count(n) AS n", { c: failing });
    assert.equal(Number(left[0]!.n), 0, 'the failing account left no records');
    const findings = await readFindings(store);
    assert.equal(findings.filter((f) => f.subject.source === 'aws' && f.subject.container === failing).length, 0, 'no finding about records that were taken back');
  } finally {
    await store.close();
  }
});

test('a value larger than the store takes fails its container before anything of it is written, naming the container', async () => {
  const snap = tempDir();
  mkdirSync(join(snap, 'bigvalues'));
  const node = (container: string, id: string, note: string) => ({
    label: 'Identity' as const,
    key: `bigvalues:${container}:user:${id}`,
    props: { source: 'bigvalues', container, type: 'user', nativeId: id, name: id, note },
  });
  const connector: Connector = {
    source: 'bigvalues',
    label: 'Big values',
    hasContainers: true,
    subjectTypes: [{ type: 'user', label: 'Identity', words: 'user' }],
    loadSnapshot: (ctx) =>
      loadContainers(
        'bigvalues',
        ['small', 'huge'],
        async (c) => ({
          graph: { nodes: [node(c, '1', 'fine'), node(c, '2', c === 'huge' ? 'x'.repeat(17 * 1024 * 1024) : 'fine')], edges: [] },
          warnings: [],
        }),
        ctx,
      ),
  };
  const store = await openEmbeddedStore(join(tempDir(), 'g.db'));
  try {
    await ensureSchema(store);
    const scan = await runScan(store, { registry: [connector], snapshotDir: snap, config: {}, exceptions: [], progress: silentProgress, now: '2026-11-20T02:00:00Z' });
    assert.equal(scan.exitCode, 1);
    const o = scan.outcomes[0]!;
    assert.equal(o.status, 'partial');
    assert.deepEqual(o.containers, ['small']);
    assert.match(o.failedContainers[0]!.error, /^bigvalues\/huge\/: record bigvalues:huge:user:2 has a note of \d+ bytes, more than the store takes in one value \(16 MiB\): nothing of this container was written$/);
    const rows = await store.read("MATCH (n:Entity) WHERE n.source = 'bigvalues' RETURN n.container AS c ORDER BY c");
    assert.deepEqual(rows.map((r) => r.c), ['small', 'small'], 'the huge container wrote nothing, not even its small record');
  } finally {
    await store.close();
  }
});
