// Derive reads a whole label (every identity, every person, every sign-in) in pages: the
// keys first, then a page of keys per statement by index lookup. At 100,000
// people the identities read in one statement ran past the embedded engine's
// own 30-second statement limit on a busy machine and failed the scan. This
// holds the paged read to the whole read (same rows, same order, removed
// nodes and other labels left out) and counts its statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import type { GraphStore, Params, Row } from '../src/graph/store.js';
import { readLive } from '../src/derive/graph-io.js';
import { tempDir } from './helpers/cli.js';

test('readLive reads a label page by page: the same rows as one statement, no statement past a page', async () => {
  const store = await openEmbeddedStore(join(tempDir('driftgraph-paged-'), 'graph.db'));
  try {
    const rows = Array.from({ length: 25 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, n: i, removed: i % 7 === 3 ? '2026-01-01' : null }));
    await store.write('UNWIND $rows AS r CREATE (:Entity:Identity {key: r.key, n: r.n, removedAt: r.removed})', { rows });
    await store.write("CREATE (:Entity:Person {key: 'p1', n: 99})");
    const whole = await store.read('MATCH (n:Identity) WHERE n.removedAt IS NULL RETURN n.key AS key, n.n AS n');

    const returned: number[] = [];
    const counting: GraphStore = Object.create(store, {
      read: { value: async (cypher: string, params?: Params): Promise<Row[]> => {
        const r = await store.read(cypher, params);
        if (cypher.includes('UNWIND')) returned.push(r.length);
        return r;
      } },
    });
    const paged = await readLive(counting, 'Identity', 'n.key AS key, n.n AS n', { page: 10 });
    assert.deepEqual(paged, whole, 'the same rows in the same order');
    assert.equal(paged.length, 21, 'the 4 removed identities and the person are left out');
    assert.deepEqual(returned, [10, 10, 1], 'three statements, none past the page');
    // A condition besides the label: the same rows as the one statement with it.
    returned.length = 0;
    const even = await readLive(counting, 'Identity', 'n.key AS key, n.n AS n', { where: 'n.n % 2 = 0', page: 4 });
    assert.deepEqual(even, await store.read('MATCH (n:Identity) WHERE n.removedAt IS NULL AND n.n % 2 = 0 RETURN n.key AS key, n.n AS n'));
    assert.deepEqual(even.map((r) => r.n), [0, 2, 4, 6, 8, 12, 14, 16, 18, 20, 22]);
    assert.ok(returned.every((n) => n <= 4), 'no statement past the page');
    await assert.rejects(readLive(store, 'Identity) DETACH DELETE (n', 'n.key AS key'), /not a plain name/);
  } finally {
    await store.close();
  }
});
