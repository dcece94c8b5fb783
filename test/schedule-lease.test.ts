// The job lease that keeps two schedulers sharing one Neo4j database from
// running jobs at once. Its Cypher runs on both stores: here on the embedded
// store always, and on Neo4j when NEO4J_URI is set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/graph/open-store.js';
import type { GraphStore } from '../src/graph/store.js';
import { holdLease, LeaseTimeoutError, releaseLease, tryAcquireLease } from '../src/schedule/lease.js';
import { tempDir } from './helpers/cli.js';

async function stores(): Promise<{ name: string; store: GraphStore }[]> {
  const out = [{ name: 'embedded', store: await openStore({ dbPath: join(tempDir(), 'g.db'), env: {} }) }];
  if (process.env.NEO4J_URI) out.push({ name: 'neo4j', store: await openStore({ dbPath: '' }) });
  else console.log('# lease on Neo4j skipped: NEO4J_URI is not set');
  return out;
}

test('one holder at a time; an expired lease can be taken; release gives it back', async () => {
  for (const { name, store } of await stores()) {
    const lease = `test-lease-${process.pid}-${Date.now()}`;
    const t0 = new Date('2026-12-01T10:00:00Z');
    const plus = (s: number) => new Date(t0.getTime() + s * 1000);
    try {
      assert.equal((await tryAcquireLease(store, 'a:1', 60, t0, lease)).acquired, true, name);
      const refused = await tryAcquireLease(store, 'b:2', 60, plus(10), lease);
      assert.deepEqual(refused, { acquired: false, holder: 'a:1', expiresAt: '2026-12-01T10:01:00.000Z' }, name);
      assert.equal((await tryAcquireLease(store, 'a:1', 60, plus(20), lease)).acquired, true, `${name}: the holder renews`);
      assert.equal((await tryAcquireLease(store, 'b:2', 60, plus(81), lease)).acquired, true, `${name}: expired, taken`);
      await releaseLease(store, 'a:1', lease);
      assert.equal((await tryAcquireLease(store, 'a:1', 60, plus(90), lease)).acquired, false, `${name}: a stale release does nothing`);
      await releaseLease(store, 'b:2', lease);
      assert.equal((await tryAcquireLease(store, 'a:1', 60, plus(91), lease)).acquired, true, `${name}: released, free`);
    } finally {
      await store.write('MATCH (l:Lease {name: $lease}) DELETE l', { lease });
      await store.close();
    }
  }
});

test('holdLease waits for another holder, says so, and gives up after the wait', async () => {
  for (const { name, store } of await stores()) {
    try {
      await tryAcquireLease(store, 'other:9', 600);
      const waits: unknown[] = [];
      await assert.rejects(
        holdLease(store, { holder: 'me:1', ttlSeconds: 60, waitSeconds: 0.3, pollMs: 100, onWait: (c) => waits.push(c), onLost: () => {} }),
        LeaseTimeoutError,
        name,
      );
      assert.equal(waits.length, 1);
      await releaseLease(store, 'other:9');
      const held = await holdLease(store, { holder: 'me:1', ttlSeconds: 60, waitSeconds: 1, onWait: () => {}, onLost: () => {} });
      assert.equal((await tryAcquireLease(store, 'other:9', 60)).acquired, false, `${name}: held`);
      await held.release();
      assert.equal((await tryAcquireLease(store, 'other:9', 60)).acquired, true, `${name}: released`);
    } finally {
      await releaseLease(store, 'other:9');
      await store.close();
    }
  }
});
