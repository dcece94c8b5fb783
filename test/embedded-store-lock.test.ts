// The embedded store's file lock: one writer at a time, read-only opens share
// the file, a second opener waits with a message and then fails with
// StoreLockedError (see src/graph/grafeo-store.ts for how Grafeo reports it).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreLockedError } from '../src/graph/store.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';

describe('embedded store: file lock', () => {
  let dir: string;
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a second writable open waits, says so once, then throws StoreLockedError', async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftgraph-lock-'));
    const path = join(dir, 'graph.grafeo');
    const first = await openEmbeddedStore(path);
    try {
      const told: string[] = [];
      const started = Date.now();
      await assert.rejects(
        openEmbeddedStore(path, { lockWaitSeconds: 1, onWait: (m) => told.push(m) }),
        (e: unknown) => e instanceof StoreLockedError && /in use by another driftgraph process/.test(e.message),
      );
      assert.ok(Date.now() - started >= 1000, 'it waited');
      assert.equal(told.length, 1);
      assert.match(told[0]!, /waiting for .*graph\.grafeo/);

      // A read-only open does not share the lock with a writer, even in this process.
      await assert.rejects(openEmbeddedStore(path, { readOnly: true, lockWaitSeconds: 1 }), StoreLockedError);
    } finally {
      await first.close();
    }
    const second = await openEmbeddedStore(path);
    await second.close();
  });

  test('read-only opens share the file; a writer waits for them', async () => {
    const dir2 = await mkdtemp(join(tmpdir(), 'driftgraph-lock-'));
    const path = join(dir2, 'graph.grafeo');
    try {
      await (await openEmbeddedStore(path)).close();
      const r1 = await openEmbeddedStore(path, { readOnly: true });
      const r2 = await openEmbeddedStore(path, { readOnly: true });
      await assert.rejects(openEmbeddedStore(path, { lockWaitSeconds: 1 }), StoreLockedError);
      await r1.close();
      await r2.close();
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });

  test('a read-only open of a missing database says to scan first', async () => {
    const dir3 = await mkdtemp(join(tmpdir(), 'driftgraph-lock-'));
    try {
      await assert.rejects(openEmbeddedStore(join(dir3, 'none.grafeo'), { readOnly: true }), /no graph database at .* yet/);
    } finally {
      await rm(dir3, { recursive: true, force: true });
    }
  });
});
