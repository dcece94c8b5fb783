// A finding's evidence path as a small graph: person → account → credential,
// the owners (people, teams) of the subject, the services that run as it,
// the workload identity joins (a workload's identity → the cloud identity it
// acts as, whose owners are then drawn too) and the entitlement in question. Built from the graph around the subject node.
import type { GraphStore } from '../graph/store.js';

export interface GraphNode { id: string; label: string; kind: string; subject?: boolean }
export interface GraphEdge { source: string; target: string; label: string }
export interface EvidenceGraph { nodes: GraphNode[]; edges: GraphEdge[] }

const KIND_ORDER = ['Person', 'Team', 'Service', 'Credential', 'Entitlement', 'NHI', 'Account', 'Identity', 'Activity'];

function kindOf(labels: unknown): string {
  const ls = Array.isArray(labels) ? labels.map(String) : [];
  return KIND_ORDER.find((k) => ls.includes(k)) ?? ls.find((l) => l !== 'Entity') ?? 'Node';
}

function labelOf(n: Record<string, unknown>): string {
  // A credential is named after its identity; its own id tells two keys apart.
  const isCredential = Array.isArray(n._labels) && n._labels.includes('Credential');
  const name = isCredential ? (n.nativeId ?? n.name) : (n.displayName ?? n.name ?? n.nativeId ?? n.key);
  const source = n.source && n.source !== 'hr' && n.source !== 'catalog' ? `${n.source} ` : '';
  return `${source}${String(n.type ?? '')} ${String(name)}`.trim();
}

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  node(n: Record<string, unknown>, subject = false): string {
    const id = String(n.key);
    if (!this.nodes.has(id)) this.nodes.set(id, { id, label: labelOf(n), kind: kindOf(n._labels), ...(subject ? { subject: true } : {}) });
    return id;
  }
  edge(source: string, target: string, label: string): void {
    this.edges.set(`${source}|${label}|${target}`, { source, target, label });
  }
}

/** Up to `limit` neighbours per hop, so one busy entitlement cannot flood the picture. */
export async function evidenceGraph(
  store: GraphStore,
  subjectKey: string | null,
  entitlement: string | null,
  options: { activity?: boolean; limit?: number } = {},
): Promise<EvidenceGraph> {
  const limit = options.limit ?? 25;
  const b = new Builder();
  if (!subjectKey) return { nodes: [], edges: [] };
  const found = await store.read('MATCH (s {key: $key}) RETURN s', { key: subjectKey });
  if (!found.length) return { nodes: [], edges: [] };
  const subject = found[0]!.s as Record<string, unknown>;
  const sid = b.node(subject, true);
  const kind = kindOf(subject._labels);

  // The identities in play: the subject itself, the one a credential authenticates as, or a person's accounts.
  const identities: string[] = [];
  if (kind === 'Credential') {
    for (const r of await store.read('MATCH (c {key: $key})-[:AUTHENTICATES_AS]->(i:Identity) RETURN i LIMIT $limit', { key: subjectKey, limit })) {
      const id = b.node(r.i as Record<string, unknown>);
      b.edge(sid, id, 'AUTHENTICATES_AS');
      identities.push(id);
    }
  } else if (kind === 'Person') {
    const rows = entitlement
      ? await store.read('MATCH (p {key: $key})<-[:LINKED_TO]-(i:Identity)-[:HOLDS]->(e:Entitlement {entitlementId: $ent}) RETURN i, e LIMIT $limit', { key: subjectKey, ent: entitlement, limit })
      : await store.read('MATCH (p {key: $key})<-[:LINKED_TO]-(i:Identity) RETURN i LIMIT $limit', { key: subjectKey, limit });
    for (const r of rows) {
      const id = b.node(r.i as Record<string, unknown>);
      b.edge(id, sid, 'LINKED_TO');
      if (r.e) b.edge(id, b.node(r.e as Record<string, unknown>), 'HOLDS');
    }
    for (const r of await store.read('MATCH (p {key: $key})-[:MEMBER_OF]->(t:Team) RETURN t LIMIT $limit', { key: subjectKey, limit })) {
      b.edge(sid, b.node(r.t as Record<string, unknown>), 'MEMBER_OF');
    }
  } else {
    identities.push(sid);
  }

  const owned = [sid, ...identities];
  for (const key of identities) {
    // Workload identity joins, both ways: what it runs as (with that identity's owners), and what runs as it.
    for (const r of await store.read('MATCH (i {key: $key})-[:ACTS_AS]->(t:Identity) WHERE t.removedAt IS NULL RETURN t LIMIT $limit', { key, limit })) {
      const target = b.node(r.t as Record<string, unknown>);
      b.edge(key, target, 'ACTS_AS');
      owned.push(target);
    }
    for (const r of await store.read('MATCH (w:Identity)-[:ACTS_AS]->(i {key: $key}) WHERE w.removedAt IS NULL RETURN w LIMIT $limit', { key, limit })) {
      b.edge(b.node(r.w as Record<string, unknown>), key, 'ACTS_AS');
    }
    for (const r of await store.read('MATCH (i {key: $key})-[:LINKED_TO]->(p:Person) RETURN p LIMIT $limit', { key, limit })) b.edge(key, b.node(r.p as Record<string, unknown>), 'LINKED_TO');
    for (const r of await store.read('MATCH (c:Credential)-[:AUTHENTICATES_AS]->(i {key: $key}) RETURN c LIMIT $limit', { key, limit })) b.edge(b.node(r.c as Record<string, unknown>), key, 'AUTHENTICATES_AS');
    const held = entitlement
      ? await store.read('MATCH (i {key: $key})-[:HOLDS]->(e:Entitlement {entitlementId: $ent}) RETURN e', { key, ent: entitlement })
      : await store.read('MATCH (i {key: $key})-[:HOLDS]->(e:Entitlement) RETURN e LIMIT 8', { key });
    for (const r of held) b.edge(key, b.node(r.e as Record<string, unknown>), 'HOLDS');
    if (options.activity) {
      // Context findings: where and from what address the identity acted.
      for (const r of await store.read('MATCH (i {key: $key})-[:PERFORMED]->(x:Activity) RETURN x ORDER BY x.lastEventAt DESC LIMIT 6', { key })) {
        b.edge(key, b.node(r.x as Record<string, unknown>), 'PERFORMED');
      }
    }
  }
  for (const key of new Set(owned)) {
    for (const r of await store.read('MATCH (n {key: $key})-[o:OWNED_BY]->(w) RETURN w, o.method AS method LIMIT $limit', { key, limit })) {
      b.edge(key, b.node(r.w as Record<string, unknown>), `OWNED_BY ${String(r.method ?? '')}`.trim());
    }
    for (const r of await store.read('MATCH (s:Service)-[:RUNS_AS]->(n {key: $key}) RETURN s LIMIT $limit', { key, limit })) {
      const svc = b.node(r.s as Record<string, unknown>);
      b.edge(svc, key, 'RUNS_AS');
      for (const t of await store.read('MATCH (s {key: $svc})-[:OWNED_BY]->(t:Team) RETURN t LIMIT 3', { svc })) b.edge(svc, b.node(t.t as Record<string, unknown>), 'OWNED_BY');
    }
  }
  return { nodes: [...b.nodes.values()], edges: [...b.edges.values()] };
}
