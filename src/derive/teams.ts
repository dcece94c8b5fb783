// A team owner is active while one of its members, or of its child groups'
// members, is an active person. When none is, it went inactive when the last
// of them left.
import type { DeriveIO } from './derive-io.js';
import type { PersonState } from './people.js';
import type { DerivedEdge } from './graph-io.js';
import { addTo } from '../util/arrays.js';

export interface TeamState {
  key: string;
  isActive: boolean;
  inactiveSince: string | null;
}

/** `membership`: the person -> team relationships derive wrote (writeMembership), the only ones the graph holds. */
export async function deriveTeams(io: DeriveIO, people: PersonState[], membership: readonly DerivedEdge[], run?: string): Promise<Map<string, TeamState>> {
  const store = io.store;
  const personByKey = new Map(people.map((p) => [p.key, p]));
  const members = new Map<string, string[]>();
  for (const e of membership) addTo(members, e.to, e.from);
  const children = new Map<string, string[]>();
  for (const r of await store.read(`MATCH (c:Team)-[:CHILD_OF]->(p:Team) WHERE c.removedAt IS NULL RETURN c.key AS c, p.key AS p`,
  )) {
    addTo(children, String(r.p), String(r.c));
  }
  const teams = await store.read(`MATCH (t:Team) WHERE t.removedAt IS NULL RETURN t.key AS key`);
  const states = new Map<string, TeamState>();
  for (const t of teams) {
    const key = String(t.key);
    const all = new Set<string>();
    const seen = new Set<string>();
    const walk = (team: string) => {
      if (seen.has(team)) return; // a cycle in the catalog must not hang the scan
      seen.add(team);
      for (const m of members.get(team) ?? []) all.add(m);
      for (const c of children.get(team) ?? []) walk(c);
    };
    walk(key);
    const ps = [...all].map((k) => personByKey.get(k)).filter((p): p is PersonState => !!p);
    const isActive = ps.some((p) => p.isActive);
    let inactiveSince: string | null = null;
    if (!isActive) for (const p of ps) if (p.leftAt && (!inactiveSince || p.leftAt > inactiveSince)) inactiveSince = p.leftAt;
    states.set(key, { key, isActive, inactiveSince });
  }
  await io.setProps(
    [...states.values()].map((s) => ({ key: s.key, props: { isActive: s.isActive, inactiveSince: s.inactiveSince } })),
    run,
  );
  return states;
}
