// Two schedulers on two machines share one Neo4j database: a `Lease` node
// makes them take turns, so two scans never run at once. The holder renews
// it while it works; a holder that died loses it when it expires. (The
// embedded store needs none: its file lock already admits one process.)
import type { GraphStore } from '../graph/store.js';

export const LEASE_NAME = 'driftgraph-jobs';

export interface LeaseState {
  acquired: boolean;
  holder: string | null;
  expiresAt: string | null;
}

/**
 * Take the lease if it is free, expired, or already ours. One transaction:
 * the first statement writes the node, which makes Neo4j lock it, so the
 * second reads the holder another scheduler may just have committed rather
 * than a stale one (read-then-write without the lock would let both win).
 */
export async function tryAcquireLease(
  store: GraphStore,
  holder: string,
  ttlSeconds: number,
  now: Date = new Date(),
  name: string = LEASE_NAME,
): Promise<LeaseState> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  return store.writeTx(async (tx) => {
    await tx.run(`MERGE (l:Lease {name: $name}) SET l.lockedAt = $now`, { name, now: now.toISOString() });
    const taken = await tx.run(
      `MATCH (l:Lease {name: $name})
       WHERE l.holder IS NULL OR l.holder = $holder OR l.expiresAt < $now
       SET l.holder = $holder, l.expiresAt = $expiresAt
       RETURN l.holder AS holder, l.expiresAt AS expiresAt`,
      { name, holder, now: now.toISOString(), expiresAt },
    );
    if (taken.length) return { acquired: true, holder, expiresAt };
    const rows = await tx.run(`MATCH (l:Lease {name: $name}) RETURN l.holder AS holder, l.expiresAt AS expiresAt`, { name });
    return { acquired: false, holder: (rows[0]?.holder as string) ?? null, expiresAt: (rows[0]?.expiresAt as string) ?? null };
  });
}

/** Give it back, if it is still ours. */
export async function releaseLease(store: GraphStore, holder: string, name: string = LEASE_NAME): Promise<void> {
  await store.write(`MATCH (l:Lease {name: $name}) WHERE l.holder = $holder SET l.holder = null, l.expiresAt = null`, {
    name,
    holder,
  });
}

export interface HeldLease {
  /** Stop renewing and give it back. */
  release(): Promise<void>;
}

export interface LeaseWait {
  holder: string;
  ttlSeconds: number;
  /** Give up after this long (the config's lockWaitSeconds). */
  waitSeconds: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Told once when another scheduler holds it; and when a renewal finds it lost. */
  onWait(current: { holder: string | null; expiresAt: string | null }): void;
  onLost(error: string): void;
}

export class LeaseTimeoutError extends Error {
  constructor(holder: string | null, waited: number) {
    super(`another scheduler (${holder ?? 'unknown'}) holds the job lease; waited ${waited}s. Raise lockWaitSeconds, or stop the other scheduler.`);
    this.name = 'LeaseTimeoutError';
  }
}

/** Wait for the lease, then renew it every third of its lifetime until released. */
export async function holdLease(store: GraphStore, o: LeaseWait): Promise<HeldLease> {
  const started = Date.now();
  let told = false;
  for (;;) {
    o.signal?.throwIfAborted();
    const state = await tryAcquireLease(store, o.holder, o.ttlSeconds);
    if (state.acquired) break;
    if (!told) {
      o.onWait({ holder: state.holder, expiresAt: state.expiresAt });
      told = true;
    }
    const waited = (Date.now() - started) / 1000;
    if (waited >= o.waitSeconds) throw new LeaseTimeoutError(state.holder, Math.round(waited));
    await new Promise((r) => setTimeout(r, o.pollMs ?? 2000));
  }
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = tryAcquireLease(store, o.holder, o.ttlSeconds)
      .then((s) => {
        if (!s.acquired) o.onLost(`the job lease was taken by ${s.holder ?? 'another scheduler'} (it expired before renewal)`);
      })
      .catch((e) => o.onLost(`renewing the job lease failed: ${(e as Error).message}`));
  }, (o.ttlSeconds * 1000) / 3);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await renewing;
      await releaseLease(store, o.holder);
    },
  };
}
