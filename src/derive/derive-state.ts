// Whether the derive step can stand on what the last one wrote. Derive works
// over the whole graph: at 100,000 people it reads every person, identity,
// credential, sign-in and device, and that was a third of an unchanged
// re-scan. But what it works out depends only on what the loads wrote, the
// config's `links`, the owners access reviews named, driftgraph's code, and
// the scan's `now` (a leave date passing makes a leaver). So the store keeps
// one DeriveState node: `whole` is true only from the end of a derive step
// until the next scan's load starts, with the digest of the config, reviews
// and code that derive used and what it counted. A scan whose load wrote,
// removed and took back nothing, with the same digest, works out the people
// again (the one part `now` moves) and, when not one of them changed, keeps
// every link, label, owner and derived relationship as it is.
//
// A scan killed between its load and the end of its derive step leaves
// `whole` false: the next scan derives in full.
import { createHash } from 'node:crypto';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import { codeDigest } from '../util/code-digest.js';
import type { ReviewedOwners } from './owners.js';

/** What derive counted (docs: the Scan record's `links`, the summary). */
export interface DeriveStats {
  people: number;
  links: number;
  nhis: number;
  ownedNhis: number;
}

/** What the last derive step left, when nothing has written to the graph since it finished. */
export interface LastDerive {
  digest: string;
  stats: DeriveStats;
}

/**
 * Before the load writes anything: what the last derive left, if nothing
 * wrote since it finished (else null); the store then marks it no longer
 * whole, until this scan's derive step finishes.
 */
export async function takeLastDerive(store: GraphStore): Promise<LastDerive | null> {
  const rows = await store.read(
    "MATCH (d:DeriveState {id: 'derive'}) RETURN d.whole AS whole, d.digest AS digest, d.stats AS stats",
  );
  const r = rows[0];
  if (r?.whole !== true) return null;
  await store.write("MATCH (d:DeriveState {id: 'derive'}) SET d.whole = false");
  if (typeof r.digest !== 'string' || typeof r.stats !== 'string') return null;
  try {
    return { digest: r.digest, stats: JSON.parse(r.stats) as DeriveStats };
  } catch {
    return null;
  }
}

/** The digest of what derive reads besides the loaded records: the config's links, the owners reviews named, the code. */
export async function deriveInputsDigest(config: Config, reviewed: ReviewedOwners): Promise<string> {
  const named = [...reviewed].flatMap(([key, owners]) => owners.map((o) => `${key}\0${o}`)).sort();
  return createHash('sha1')
    .update(JSON.stringify([config.links ?? null, named, await codeDigest()]))
    .digest('base64');
}

/** After the derive step finished: the graph is whole as it left it. */
export async function recordDerive(store: GraphStore, digest: string, stats: DeriveStats): Promise<void> {
  await store.write("MERGE (d:DeriveState {id: 'derive'}) SET d.whole = true, d.digest = $digest, d.stats = $stats", {
    digest,
    stats: JSON.stringify(stats),
  });
}
