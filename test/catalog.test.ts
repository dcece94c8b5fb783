// Catalog connector: entity refs, annotation lists, multi-document files and
// errors that name the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { catalogConnector } from '../connectors/catalog/index.js';
import { splitList } from '../connectors/catalog/lists.js';
import { mapCatalog } from '../connectors/catalog/map.js';
import { readCatalogFile } from '../connectors/catalog/read.js';
import { normalizeRef, parseRef } from '../src/util/entity-ref.js';
import type { GraphNode } from '../src/graph/records.js';
import { SourceError } from '../src/util/errors.js';
import type { LoadContext } from '../src/sources/connector.js';
import { expectFailure } from './helpers/load.js';

test('entity refs: defaults by context, lower case kind:namespace/name', () => {
  assert.equal(normalizeRef('payments', 'group'), 'group:default/payments');
  assert.equal(normalizeRef('Group:Payments', 'group'), 'group:default/payments');
  assert.equal(normalizeRef('finance/Payments', 'group'), 'group:finance/payments');
  assert.equal(normalizeRef('user:finance/Ann', 'group'), 'user:finance/ann');
  assert.equal(normalizeRef('jdoe', 'user'), 'user:default/jdoe');
  assert.equal(normalizeRef('jdoe', 'user', 'ops'), 'user:ops/jdoe');
  // A slash before the colon: the colon belongs to the name (as in Backstage).
  assert.deepEqual(parseRef('ns/a:b', 'group'), { kind: 'group', namespace: 'ns', name: 'a:b' });
  for (const bad of ['', 'group:', ':x', 'a/b/c', 'group:/x']) assert.equal(normalizeRef(bad, 'group'), null, bad);
});

test('annotation lists split on commas, new lines and spaces', () => {
  assert.deepEqual(splitList('a, b,,c\n d\n\n  e f '), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(splitList(''), []);
  assert.deepEqual(splitList(undefined), []);
});

const DESCRIPTORS = `# teams and people
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: Payments
spec:
  type: team
  parent: engineering
  members: [ann, user:default/Bob]
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: engineering
spec:
  type: department
  children: [platform]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: platform
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: cy
spec:
  profile:
    email: Cy@Example.com
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations:
    driftgraph.dev/identities: |
      arn:aws:iam::111122223333:role/payments-api,
      pay-sa@proj.iam.gserviceaccount.com github-app:pay-bot
    driftgraph.dev/expected-regions: eu-west-1, eu-central-1
    driftgraph.dev/allowed-cidrs: "10.0.0.0/8 192.168.1.0/24"
spec:
  type: service
  owner: group:payments
  lifecycle: production
  system: payments
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api-spec
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: not-ours
`;

function byKey(nodes: GraphNode[], key: string): GraphNode {
  const n = nodes.find((x) => x.key === key);
  assert.ok(n, `no node ${key}; have ${nodes.map((x) => x.key).join(', ')}`);
  return n;
}

test('several documents in one file map to teams, users and services', () => {
  const read = readCatalogFile('catalog/all.yaml', DESCRIPTORS);
  assert.equal(read.entities.length, 6);
  assert.deepEqual(read.entities.map((e) => e.line), [2, 12, 20, 25, 34, 50]);
  assert.equal(read.warnings.length, 1);
  assert.match(read.warnings[0]!, /catalog\/all\.yaml line 55: not a Backstage entity/);

  const { graph, warnings } = mapCatalog(read.entities);
  assert.deepEqual(warnings, []);
  assert.equal(graph.nodes.length, 5); // the API entity is not ours

  const payments = byKey(graph.nodes, 'catalog::group:group:default/payments');
  assert.equal(payments.label, 'Team');
  assert.equal(payments.props.nativeId, 'group:default/payments');
  assert.equal(payments.props.type, 'group');
  assert.equal(payments.props.name, 'Payments');
  // Lists as each entity declares them; the derivation joins both sides.
  assert.deepEqual(payments.props.members, ['user:default/ann', 'user:default/bob']);
  assert.deepEqual(payments.props.children, []);
  assert.equal(payments.props.parent, 'group:default/engineering');
  const engineering = byKey(graph.nodes, 'catalog::group:group:default/engineering');
  assert.deepEqual(engineering.props.children, ['group:default/platform']);
  assert.equal(byKey(graph.nodes, 'catalog::group:group:default/platform').props.parent, null);

  const cy = byKey(graph.nodes, 'catalog::user:user:default/cy');
  assert.equal(cy.label, 'CatalogUser');
  assert.equal(cy.props.email, 'cy@example.com');
  assert.deepEqual(cy.props.memberOf, ['group:default/payments']);

  const api = byKey(graph.nodes, 'catalog::service:component:default/payments-api');
  assert.equal(api.label, 'Service');
  assert.deepEqual(
    {
      type: api.props.type,
      kind: api.props.kind,
      owner: api.props.owner,
      ownerRef: api.props.ownerRef,
      lifecycle: api.props.lifecycle,
      system: api.props.system,
    },
    {
      type: 'service',
      kind: 'Component',
      owner: 'group:payments',
      ownerRef: 'group:default/payments',
      lifecycle: 'production',
      system: 'system:default/payments',
    },
  );
  assert.deepEqual(api.props.identities, [
    'arn:aws:iam::111122223333:role/payments-api',
    'pay-sa@proj.iam.gserviceaccount.com',
    'github-app:pay-bot',
  ]);
  assert.deepEqual(api.props.expectedRegions, ['eu-west-1', 'eu-central-1']);
  assert.deepEqual(api.props.allowedCidrs, ['10.0.0.0/8', '192.168.1.0/24']);

  // CHILD_OF from spec.parent and spec.children, once each.
  assert.deepEqual(
    graph.edges.map((e) => `${e.type} ${e.from} -> ${e.to}`).sort(),
    [
      'CHILD_OF catalog::group:group:default/payments -> catalog::group:group:default/engineering',
      'CHILD_OF catalog::group:group:default/platform -> catalog::group:group:default/engineering',
    ],
  );
});

test('a service without annotations gets empty lists; owner defaults to a group', () => {
  const { entities } = readCatalogFile(
    'catalog/x.yaml',
    'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: bucket, namespace: Data}\nspec: {owner: analytics}\n',
  );
  const node = mapCatalog(entities).graph.nodes[0]!;
  assert.equal(node.props.nativeId, 'resource:data/bucket');
  assert.equal(node.props.ownerRef, 'group:data/analytics'); // relative refs resolve in the entity's namespace
  assert.deepEqual(node.props.identities, []);
  assert.equal(node.props.lifecycle, null);
});

test('a duplicate entity is skipped with a warning', () => {
  const doc = 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: a}\n';
  const { entities } = readCatalogFile('catalog/x.yaml', `${doc}---\n${doc}`);
  const { graph, warnings } = mapCatalog(entities);
  assert.equal(graph.nodes.length, 1);
  assert.match(warnings[0]!, /line 5: group:default\/a is already defined in catalog\/x\.yaml line 1/);
});

function sourceError(fn: () => unknown, file: string, line: number, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SourceError, `not a SourceError: ${String(e)}`);
    assert.equal(e.source, 'catalog');
    assert.equal(e.place.file, file);
    assert.equal(e.place.line, line, e.describe());
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('errors name the file and the line', () => {
  const f = 'catalog/bad.yaml';
  const ok = 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: a\n';
  sourceError(() => readCatalogFile(f, `${ok}---\nfoo: [1\nbar: 2\n`), f, 7, /YAML/);
  sourceError(() => readCatalogFile(f, `${ok}---\nx: 1\nx: 2\n`), f, 7, /YAML/);
  sourceError(() => readCatalogFile(f, `${ok}---\napiVersion: backstage.io/v1alpha1\nmetadata: {name: b}\n`), f, 6, /kind/);
  sourceError(() => readCatalogFile(f, `${ok}---\n\napiVersion: backstage.io/v1alpha1\nkind: User\n`), f, 7, /metadata\.name/);
  const badRef = readCatalogFile(f, `${ok}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: b}\nspec: {members: [ann, 42]}\n`);
  assert.throws(
    () => mapCatalog(badRef.entities),
    (e: unknown) => e instanceof SourceError && e.place.line === 6 && e.place.path === 'spec.members[1]',
  );
});

async function snapshot(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-catalog-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const ctx = (snapshotDir: string): LoadContext<never> => ({ snapshotDir, now: '2026-06-15T00:00:00.000Z', config: undefined, shared: {}, progress: { step() {} } });

test('loadSnapshot reads *.yaml and *.yml at any depth, in sorted order', async () => {
  const group = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: ${name}}\n`;
  const dir = await snapshot({
    'catalog/z.yaml': group('z'),
    'catalog/teams/deep/a.yml': group('a'),
    'catalog/b.yaml': group('b'),
    'catalog/README.md': '# not a descriptor',
  });
  try {
    const load = await catalogConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.containers, ['']);
    assert.deepEqual(
      load.graph.nodes.map((n) => n.props.nativeId),
      ['group:default/b', 'group:default/a', 'group:default/z'],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('loadSnapshot: a YAML error fails the source naming the nested file', async () => {
  const dir = await snapshot({ 'catalog/teams/bad.yaml': 'a: 1\nb: c: d\n' });
  try {
    await expectFailure(catalogConnector.loadSnapshot(ctx(dir)), 'catalog', (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.place.file, 'catalog/teams/bad.yaml');
      assert.equal(e.place.line, 2);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
