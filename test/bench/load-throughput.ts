// Load throughput of the embedded store: a generated estate of N nodes
// (people, accounts and NHIs, credentials) and about N relationships written
// through the batched writer into a fresh file, then reopened, written again
// unchanged (the nightly upsert), then a partial re-scan of one source and
// its cleanup (markUnseen).
//   node --import tsx test/bench/load-throughput.ts [nodes]   (default 200000)
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { markUnseen, writeEdges, writeNodes } from '../../src/graph/writer.js';
import type { GraphStore } from '../../src/graph/store.js';
import type { GraphEdge, GraphNode } from '../../src/graph/records.js';
import { nodeKey } from '../../src/graph/records.js';

const total = Number(process.argv[2] ?? 200_000);
if (!Number.isInteger(total) || total < 100) throw new Error(`usage: load-throughput.ts [nodes >= 100], got ${process.argv[2]}`);

const AWS_ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(100000000000 + i));
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Support', 'Marketing', 'Operations', 'Legal', 'People'];

interface Estate {
  nodes: GraphNode[];
  /** Relationships by the source that states them. */
  edges: Map<string, GraphEdge[]>;
}

/** 20% people, 50% identities (aws, okta, github), 30% credentials; ~N relationships. */
function generate(n: number): Estate {
  const people = Math.floor(n * 0.2);
  const identities = Math.floor(n * 0.5);
  const credentials = n - people - identities;
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge[]>();
  const add = (source: string, e: GraphEdge) => {
    const list = edges.get(source);
    if (list) list.push(e);
    else edges.set(source, [e]);
  };

  const personKeys: string[] = [];
  for (let i = 0; i < people; i++) {
    const key = nodeKey('hr', '', 'person', `E${i}`);
    personKeys.push(key);
    nodes.push({
      label: 'Person',
      key,
      props: {
        source: 'hr', container: '', type: 'person', nativeId: `E${i}`,
        name: `Person ${i}`, email: `person${i}@example.com`,
        department: DEPARTMENTS[i % DEPARTMENTS.length]!, status: i % 50 === 0 ? 'terminated' : 'active',
        hiredAt: new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString(),
      },
    });
    if (i > 0) add('hr', { type: 'REPORTS_TO', from: key, to: personKeys[Math.floor(i / 8)]! });
  }

  const identityKeys: { key: string; source: string; container: string }[] = [];
  for (let i = 0; i < identities; i++) {
    const source = i % 2 === 0 ? 'aws' : i % 4 === 1 ? 'okta' : 'github';
    const container = source === 'aws' ? AWS_ACCOUNTS[i % AWS_ACCOUNTS.length]! : source === 'okta' ? 'acme.okta.com' : 'acme';
    const isNhi = i % 5 === 0;
    const type = isNhi ? (source === 'aws' ? 'role' : 'app') : 'user';
    const key = nodeKey(source, container, type, `id${i}`);
    identityKeys.push({ key, source, container });
    nodes.push({
      label: 'Identity',
      key,
      props: {
        source, container, type, nativeId: `id${i}`, name: `identity-${i}`, isNhi,
        active: i % 17 !== 0, privileged: i % 23 === 0,
        lastUsedAt: new Date(Date.UTC(2025, 0, 1) - (i % 400) * 86_400_000).toISOString(),
        groups: [`g${i % 7}`, `g${i % 11}`],
      },
    });
    const owner = personKeys[i % people]!;
    if (isNhi) add('derive', { type: 'OWNED_BY', from: key, to: owner, props: { method: 'tag', value: `owner${i}` } });
    else add('derive', { type: 'LINKED_TO', from: key, to: owner, props: { method: 'email' } });
  }

  for (let i = 0; i < credentials; i++) {
    const id = identityKeys[(i * 2) % identities]!; // aws identities: access keys
    const key = nodeKey(id.source, id.container, 'access-key', `AKIA${String(i).padStart(12, '0')}`);
    nodes.push({
      label: 'Credential',
      key,
      props: {
        source: id.source, container: id.container, type: 'access-key', nativeId: `AKIA${String(i).padStart(12, '0')}`,
        active: i % 9 !== 0, createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
      },
    });
    add(id.source, { type: 'AUTHENTICATES_AS', from: key, to: id.key });
  }
  return { nodes, edges };
}

function sizeOf(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, f) => sum + sizeOf(join(path, f)), 0);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en-US')}/s`;
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function writeAll(store: GraphStore, estate: Estate, scanId: string, now: string) {
  const t0 = process.hrtime.bigint();
  const nodes = await writeNodes(store, estate.nodes, { runId: scanId, now });
  const nodeMs = since(t0);
  const t1 = process.hrtime.bigint();
  let edges = 0;
  let skipped = 0;
  for (const [source, list] of estate.edges) {
    const out = await writeEdges(store, list, source, { runId: scanId, now });
    edges += out.written;
    skipped += out.skipped;
  }
  const edgeMs = since(t1);
  return { nodes, edges, skipped, nodeMs, edgeMs };
}

async function counts(store: GraphStore) {
  const [n] = await store.read('MATCH (n:Entity) RETURN count(n) AS c');
  const [e] = await store.read('MATCH (:Entity)-[e]->(:Entity) RETURN count(e) AS c');
  return { nodes: n!.c as number, edges: e!.c as number };
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-bench-load-'));
const path = join(dir, 'graph.grafeo');
try {
  const tg = process.hrtime.bigint();
  const estate = generate(total);
  const edgeTotal = [...estate.edges.values()].reduce((s, l) => s + l.length, 0);
  console.log(`estate: ${estate.nodes.length.toLocaleString('en-US')} nodes, ${edgeTotal.toLocaleString('en-US')} relationships (generated in ${secs(since(tg))})`);

  // 1. First load into a fresh file.
  let store = await openEmbeddedStore(path);
  await ensureSchema(store);
  const first = await writeAll(store, estate, 'scan-1', '2025-06-01T00:00:00.000Z');
  const c1 = await counts(store);
  console.log(`first load:  nodes ${first.nodes.toLocaleString('en-US')} in ${secs(first.nodeMs)} (${rate(first.nodes, first.nodeMs)}), ` +
    `relationships ${first.edges.toLocaleString('en-US')} in ${secs(first.edgeMs)} (${rate(first.edges, first.edgeMs)}), ` +
    `skipped ${first.skipped}, total ${secs(first.nodeMs + first.edgeMs)}`);
  console.log(`graph:       ${c1.nodes.toLocaleString('en-US')} nodes, ${c1.edges.toLocaleString('en-US')} relationships; rss ${mib(process.memoryUsage().rss)}`);
  const tc = process.hrtime.bigint();
  await store.close();
  const closeMs = since(tc);
  console.log(`file:        ${mib(sizeOf(path))} (+ wal ${mib(sizeOf(`${path}.wal`))}), close ${secs(closeMs)}`);

  // 2. Reopen.
  const tr = process.hrtime.bigint();
  store = await openEmbeddedStore(path);
  const [probe] = await store.read('MATCH (n:Entity) RETURN count(n) AS c');
  console.log(`reopen:      ${secs(since(tr))} (first query included; ${(probe!.c as number).toLocaleString('en-US')} nodes); rss ${mib(process.memoryUsage().rss)}`);

  // 3. The same write again: an idempotent upsert.
  await ensureSchema(store);
  const again = await writeAll(store, estate, 'scan-2', '2025-06-02T00:00:00.000Z');
  const c2 = await counts(store);
  console.log(`re-run:      nodes in ${secs(again.nodeMs)} (${rate(again.nodes, again.nodeMs)}), relationships in ${secs(again.edgeMs)} ` +
    `(${rate(again.edges, again.edgeMs)}), total ${secs(again.nodeMs + again.edgeMs)}; ` +
    `graph unchanged: ${c2.nodes === c1.nodes && c2.edges === c1.edges ? 'yes' : `NO (${c2.nodes} nodes, ${c2.edges} relationships)`}`);

  // 4. A re-scan of aws that no longer sees 5% of its nodes, then its cleanup.
  const awsNodes = estate.nodes.filter((n) => n.props.source === 'aws');
  const seen = awsNodes.filter((_, i) => i % 20 !== 0);
  const seenKeys = new Set(seen.map((n) => n.key));
  const seenEdges = (estate.edges.get('aws') ?? []).filter((e) => seenKeys.has(e.from) && seenKeys.has(e.to));
  const ctx3 = { runId: 'scan-3', now: '2025-06-03T00:00:00.000Z' };
  const tp = process.hrtime.bigint();
  await writeNodes(store, seen, ctx3);
  await writeEdges(store, seenEdges, 'aws', ctx3);
  const partialMs = since(tp);
  const tm = process.hrtime.bigint();
  const unseen = await markUnseen(store, 'aws', AWS_ACCOUNTS, ctx3);
  const markMs = since(tm);
  console.log(`aws re-scan: ${seen.length.toLocaleString('en-US')} of ${awsNodes.length.toLocaleString('en-US')} nodes seen, written in ${secs(partialMs)}`);
  console.log(`markUnseen:  ${unseen.removedNodes.toLocaleString('en-US')} nodes marked removed, ` +
    `${unseen.droppedEdges.toLocaleString('en-US')} relationships dropped in ${secs(markMs)}`);
  await store.close();

  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`memory:      peak RSS ${mib(peak)}; now rss ${mib(process.memoryUsage().rss)}, heap used ${mib(process.memoryUsage().heapUsed)}`);
  console.log(`final file:  ${mib(sizeOf(path))} (+ wal ${mib(sizeOf(`${path}.wal`))})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
