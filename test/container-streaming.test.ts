// A source is read, checked and written one container at a time, so memory
// holds one container rather than the whole source: the connector hands each
// mapped container to the scan and keeps nothing of it; the scan writes it
// before the next container is read. A write that fails half way fails the
// whole source: nothing is removed and nothing resolves, even in containers
// written before it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { awsConnector } from '../connectors/aws/index.js';
import { hrConnector } from '../connectors/hr/index.js';
import { registry } from '../connectors/index.js';
import { loadContainers } from '../connectors/lib/containers.js';
import { readFindings } from '../src/findings/finding-store.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import type { GraphBatch, GraphNode } from '../src/graph/records.js';
import { ensureSchema } from '../src/graph/schema.js';
import type { GraphStore } from '../src/graph/store.js';
import { loadSources } from '../src/scan/load-sources.js';
import { runScan } from '../src/scan/run-scan.js';
import type { Connector } from '../src/sources/connector.js';
import { ago, writeEstate, type AwsAccount, type Estate } from './helpers/estate.js';
import { countingStore } from './helpers/counting-store.js';
import { loadContext } from './helpers/load.js';
import { tempRoot } from './rules/scan-helpers.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const T1 = '2026-11-13T02:00:00Z';
const T2 = '2026-11-20T02:00:00Z';

function account(id: string, now: string, extra: Partial<AwsAccount> = {}): AwsAccount {
  return {
    id,
    users: [
      { name: 'old-deployer', keys: [{ id: `AKIA${id}OLD1`, created: ago(now, 400), lastUsed: ago(now, 200) }] },
      { name: 'builder', groups: ['builders'] },
    ],
    groups: [{ name: 'builders' }],
    roles: [{ name: 'orphan-role', lastUsed: ago(now, 1) }],
    ...extra,
  };
}

const estate = (now: string, accounts: AwsAccount[]): Estate => ({
  collectedAt: now,
  people: [{ id: 'E1', email: 'ana@example.com' }],
  aws: accounts,
});

const keysOf = (g: GraphBatch) => g.nodes.map((n) => n.key).sort();
const edgesOf = (g: GraphBatch) => g.edges.map((e) => `${e.type} ${e.from} ${e.to}`).sort();
const inContainer = (g: GraphBatch, c: string): GraphBatch => {
  const nodes = g.nodes.filter((n) => n.props.container === c);
  const keys = new Set(nodes.map((n) => n.key));
  return { nodes, edges: g.edges.filter((e) => keys.has(e.from)) };
};

test('with onContainer, each account arrives alone and complete, before the next is read, and nothing is kept', async () => {
  const root = await tempRoot();
  const dir = await writeEstate(estate(T1, [account(A, T1), account(B, T1), account(C, T1)]), root);
  await writeFile(join(dir, 'aws', C, 'access-keys.json'), '[{"UserName": ');
  const whole = await awsConnector.loadSnapshot(loadContext(dir, T1));

  const events: string[] = [];
  const got: { container: string; graph: GraphBatch }[] = [];
  const streamed = await awsConnector.loadSnapshot({
    ...loadContext(dir, T1),
    progress: { step: (m) => events.push(m) },
    onContainer: async (container, graph) => {
      events.push(`took ${container}`);
      await new Promise((r) => setTimeout(r, 5));
      got.push({ container, graph });
      events.push(`done ${container}`);
    },
  });

  assert.deepEqual(streamed.graph, { nodes: [], edges: [] }, 'nothing is kept in the returned graph');
  assert.deepEqual(streamed.delivered, [A, B]);
  assert.deepEqual(streamed.containers, whole.containers);
  assert.deepEqual(streamed.failed, whole.failed);
  assert.deepEqual(streamed.warnings, whole.warnings);
  assert.deepEqual(got.map((g) => g.container), [A, B]);
  for (const { container, graph } of got) {
    assert.ok(graph.nodes.length > 5, `${container} has its records`);
    assert.ok(graph.nodes.every((n) => n.props.container === container), `${container} arrives alone`);
    assert.deepEqual(keysOf(graph), keysOf(inContainer(whole.graph, container)), `${container} arrives complete`);
    assert.deepEqual(edgesOf(graph), edgesOf(inContainer(whole.graph, container)));
  }
  const order = events.filter((e) => /^(took|done) |^aws: reading \d/.test(e));
  assert.deepEqual(order, [`aws: reading ${A}`, `took ${A}`, `done ${A}`, `aws: reading ${B}`, `took ${B}`, `done ${B}`, `aws: reading ${C}`]);
});

test('a source without containers is handed over whole, as the container ""', async () => {
  const root = await tempRoot();
  const dir = await writeEstate(estate(T1, []), root);
  const whole = await hrConnector.loadSnapshot(loadContext(dir, T1));
  const got: GraphBatch[] = [];
  const streamed = await hrConnector.loadSnapshot({ ...loadContext(dir, T1), onContainer: async (c, g) => void got.push(g) });
  assert.deepEqual(streamed.delivered, ['']);
  assert.deepEqual(streamed.graph, { nodes: [], edges: [] });
  assert.equal(got.length, 1);
  assert.deepEqual(keysOf(got[0]!), keysOf(whole.graph));
});

test('the scan writes each account before it reads the next', async () => {
  const root = await tempRoot();
  const dir = await writeEstate(estate(T1, [account(A, T1), account(B, T1)]), root);
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const lines: string[] = [];
    const r = await runScan(store, { snapshotDir: dir, config: {}, exceptions: [], registry, progress: { step: (m) => lines.push(m) } });
    const at = (line: string) => lines.findIndex((l) => l.startsWith(line));
    assert.ok(at(`aws: ${A}: writing`) >= 0 && at(`aws: ${A}: writing`) < at(`aws: reading ${B}`), lines.join('\n'));
    const aws = r.outcomes.find((o) => o.source === 'aws')!;
    assert.equal(aws.status, 'loaded');
    assert.deepEqual(aws.containers, [A, B]);
    const count = await store.read("MATCH (n:Entity) WHERE n.source = 'aws' RETURN count(n) AS n");
    assert.equal(aws.nodes, Number(count[0]!.n), 'the outcome counts every account');
  } finally {
    await store.close();
  }
});

/** Fails every node write that carries a record of `container`. */
function failingOn(store: GraphStore, container: string): GraphStore {
  return {
    ...store,
    read: store.read.bind(store),
    writeTx: store.writeTx.bind(store),
    close: store.close.bind(store),
    write: (cypher, params) => {
      if (cypher.includes('MERGE (n:Entity') && JSON.stringify(params?.rows ?? []).includes(`"container":"${container}"`)) {
        return Promise.reject(new Error('disk full'));
      }
      return store.write(cypher, params);
    },
  };
}

test('a write that fails in the second account fails the source: the first stays written, nothing is removed, nothing resolves', async () => {
  const root = await tempRoot();
  const db = join(root, 'graph.db');
  const first = await writeEstate(estate(T1, [account(A, T1), account(B, T1)]), root);
  // Week 2: both accounts delete their old key and add a role.
  const next = (id: string) =>
    account(id, T2, { users: [{ name: 'old-deployer' }, { name: 'builder', groups: ['builders'] }], roles: [{ name: 'orphan-role', lastUsed: ago(T2, 1) }, { name: 'new-role', lastUsed: ago(T2, 1) }] });
  const second = await writeEstate(estate(T2, [next(A), next(B)]), root);
  const store = await openEmbeddedStore(db);
  try {
    await ensureSchema(store);
    const scan = (s: GraphStore, dir: string) => runScan(s, { snapshotDir: dir, config: {}, exceptions: [], registry, progress: { step() {} } });
    assert.equal((await scan(store, first)).exitCode, 0);
    const before = (await readFindings(store)).filter((f) => f.subject.id.endsWith('OLD1'));
    assert.ok(before.length >= 2 && before.every((f) => f.status === 'open'));

    const r = await scan(failingOn(store, B), second);
    const aws = r.outcomes.find((o) => o.source === 'aws')!;
    assert.equal(aws.status, 'failed');
    assert.equal(aws.writeFailed, true);
    assert.match(aws.errors.join('\n'), /writing to the graph failed; the failed container's writes were taken back.*nothing was removed and nothing resolves: aws\/222222222222\/: disk full/);
    assert.deepEqual(aws.failedContainers.map((f) => f.container).sort(), [A, B]);

    const role = (c: string) => store.read(`MATCH (n:Identity) WHERE n.container = $c AND n.name = 'new-role' RETURN n.key AS k`, { c });
    assert.equal((await role(A)).length, 1, "A was written before B failed, and stays");
    assert.equal((await role(B)).length, 0, 'nothing of B was written');
    const removed = await store.read('MATCH (n:Entity) WHERE n.removedAt IS NOT NULL RETURN n.key AS k');
    assert.deepEqual(removed, [], 'nothing is removed, in A either');
    const after = (await readFindings(store)).filter((f) => f.subject.id.endsWith('OLD1'));
    assert.deepEqual(after.map((f) => f.status), before.map(() => 'open'), 'nothing resolves');

    // The next good scan removes A's and B's old keys.
    await scan(store, second);
    const gone = await store.read('MATCH (n:Entity) WHERE n.removedAt IS NOT NULL RETURN n.nativeId AS id ORDER BY id');
    assert.deepEqual(gone.map((g) => g.id), [`AKIA${A}OLD1`, `AKIA${B}OLD1`]);
  } finally {
    await store.close();
  }
});

// A connector whose relationships cross containers of its own source: x's
// account holds y's role. Streamed, the relationship waits for every
// container's nodes; returned whole (ignoring onContainer), it is written with them.
function crossing(stream: boolean): Connector {
  const node = (container: string, type: string, label: GraphNode['label']): GraphNode => ({
    label,
    key: `cross:${container}:${type}:${type}-1`,
    props: { source: 'cross', container, type, nativeId: `${type}-1`, name: `${type}-1` },
  });
  const read = (c: string): GraphBatch =>
    c === 'x'
      ? { nodes: [node('x', 'user', 'Identity')], edges: [{ type: 'HOLDS', from: 'cross:x:user:user-1', to: 'cross:y:role:role-1', props: { via: 'x' } }] }
      : { nodes: [node('y', 'role', 'Entitlement')], edges: [] };
  return {
    source: 'cross',
    label: 'cross',
    hasContainers: true,
    subjectTypes: [],
    loadSnapshot: (ctx) =>
      loadContainers('cross', ['x', 'y'], async (c) => ({ graph: read(c), warnings: [] }), stream ? ctx : { progress: ctx.progress }),
  };
}

test('a relationship to another container of the same source is written after both, and not rewritten when unchanged', async () => {
  for (const stream of [true, false]) {
    const root = await tempRoot();
    await mkdir(join(root, 'cross'));
    const raw = await openEmbeddedStore(join(root, 'graph.db'));
    try {
      await ensureSchema(raw);
      const { store, counts } = countingStore(raw);
      const load = () =>
        loadSources(store, { registry: [crossing(stream)], snapshotDir: root, now: T1, config: {}, progress: { step() {} }, write: { runId: 'r', now: T1 } });
      const [o] = await load();
      assert.equal(o!.status, 'loaded');
      assert.equal(o!.edges, 1);
      assert.equal(o!.edgesSkipped, 0);
      const held = await raw.read("MATCH (a:Entity)-[e:HOLDS]->(b:Entity) RETURN a.key AS a, b.key AS b, e.via AS via, e.container AS c");
      assert.deepEqual(held, [{ a: 'cross:x:user:user-1', b: 'cross:y:role:role-1', via: 'x', c: 'x' }], `streamed: ${stream}`);
      const writes = counts.rows;
      const [again] = await load();
      assert.equal(again!.edges, 1);
      assert.equal(counts.rows, writes, `an unchanged reload writes nothing (streamed: ${stream})`);
    } finally {
      await raw.close();
    }
  }
});
