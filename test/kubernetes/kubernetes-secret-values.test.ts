// Quality bar: a Secret's data, a token or a password planted in every field
// the Kubernetes API can echo (data, stringData, the last-applied annotation,
// any other annotation or label, managedFields, a pod's environment,
// arguments and volumes, status messages) never reaches the store, the
// scan's log, a finding, a report or an error; nor does one in a field of
// the wrong type or in a file cut short, which fail their cluster naming
// the place.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registry } from '../../connectors/index.js';
import { buildReport } from '../../reports/build-report.js';
import { findingsCsv } from '../../reports/formats/csv.js';
import { reportMarkdown } from '../../reports/formats/markdown.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const SECRET = 'c3VwZXItc2VjcmV0LXRva2VuLXZhbHVl';
const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InBsYW50ZWQifQ.cGxhbnRlZA.c2ln';
const PLANTED = [SECRET, TOKEN, 'hunter2-planted-password'];

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

/** Every place around the kept fields where a value can ride along. */
function plant(o: any, n: number): void {
  const v = PLANTED[n % PLANTED.length]!;
  o.data = { token: SECRET, 'ca.crt': SECRET, namespace: SECRET };
  o.stringData = { password: PLANTED[2] };
  o.immutable = false;
  o.metadata.annotations = {
    ...o.metadata.annotations,
    'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { token: SECRET }, stringData: { password: PLANTED[2] } }),
    'example.com/api-key': v,
    'openshift.io/token-secret.value': TOKEN,
  };
  o.metadata.labels = { ...o.metadata.labels, 'example.com/hash': v };
  o.metadata.managedFields = [{ manager: v, operation: 'Apply', fieldsV1: { 'f:data': { [`f:${v}`]: {} } } }];
  o.metadata.generateName = v;
  o.metadata.finalizers = [v];
  o.spec = { ...o.spec, containers: [{ name: 'app', image: 'app:1', args: ['--token', TOKEN], env: [{ name: 'DB_PASSWORD', value: PLANTED[2] }] }], volumes: [{ name: 'v', secret: { secretName: 's', items: [{ key: SECRET, path: 'p' }] } }] };
  o.status = { ...o.status, message: v, conditions: [{ type: 'Ready', message: TOKEN }] };
  o.secrets = [{ name: v }];
  o.imagePullSecrets = [{ name: v }];
}

async function plantAll(dir: string): Promise<void> {
  for (const cluster of await readdir(dir)) {
    for (const file of await readdir(join(dir, cluster))) {
      const path = join(dir, cluster, file);
      const json = JSON.parse(await readFile(path, 'utf8'));
      json.items.forEach(plant);
      if (file === 'secrets.json') json.items.push({ metadata: { name: 'db', namespace: 'payments', annotations: { note: SECRET } }, type: 'Opaque', data: { password: SECRET } });
      await writeFile(path, JSON.stringify(json));
    }
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of await readdir(dir, { recursive: true })) {
    const p = join(dir, f);
    if ((await stat(p)).isFile()) out.push((await readFile(p)).toString('latin1'));
  }
  return out;
}

it('planted secret values reach no store file, log line, finding, report or error', async () => {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-k8s-secrets-'));
  roots.push(root);
  const snap = join(root, 'snapshot');
  // The Kubernetes clusters with the people and catalog their owners and services need.
  for (const part of ['manifest.json', 'hr', 'catalog', 'kubernetes']) await cp(join(DEMO, part), join(snap, part), { recursive: true });
  await plantAll(join(snap, 'kubernetes'));
  // A third cluster whose files fail: a wrong type carrying a value, and a file cut inside one.
  await cp(join(snap, 'kubernetes', 'gke-analytics'), join(snap, 'kubernetes', 'broken'), { recursive: true });
  const sas = JSON.parse(await readFile(join(snap, 'kubernetes', 'broken', 'service-accounts.json'), 'utf8'));
  sas.items[1].metadata.creationTimestamp = TOKEN;
  await writeFile(join(snap, 'kubernetes', 'broken', 'service-accounts.json'), JSON.stringify(sas));
  await cp(join(snap, 'kubernetes', 'gke-analytics'), join(snap, 'kubernetes', 'cut'), { recursive: true });
  const text = await readFile(join(snap, 'kubernetes', 'cut', 'secrets.json'), 'utf8');
  await writeFile(join(snap, 'kubernetes', 'cut', 'secrets.json'), text.slice(0, text.indexOf(SECRET) + 10));

  const logs: string[] = [];
  const storeDir = join(root, 'store');
  const store = await openEmbeddedStore(join(storeDir, 'graph.db'));
  let outputs: string[];
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: snap, config: {}, exceptions: [], progress: { step: (m) => logs.push(m) } });
    const k8s = result.outcomes.find((o) => o.source === 'kubernetes')!;
    logs.push(JSON.stringify(result.outcomes), JSON.stringify(result.warnings));
    assert.deepEqual(k8s.failedContainers?.map((f) => f.container).sort(), ['broken', 'cut']);
    const findings = await readFindings(store);
    assert.ok(findings.filter((f) => f.subject.source === 'kubernetes').length >= 9, 'the planted clusters still load and judge');
    const report = await buildReport(store, {});
    const graph = await store.read('MATCH (n) RETURN properties(n) AS p');
    const edges = await store.read('MATCH ()-[e]->() RETURN properties(e) AS p');
    outputs = [
      JSON.stringify(findings),
      reportMarkdown(report),
      findingsCsv(await report.read(report.lists.open.ids), report.teamsOf),
      JSON.stringify(graph),
      JSON.stringify(edges),
    ];
  } finally {
    await store.close();
  }
  const storeFiles = await filesUnder(storeDir);
  for (const value of PLANTED) {
    assert.ok(!logs.some((l) => l.includes(value)), `the scan's log holds ${value}`);
    assert.ok(!outputs.some((o) => o.includes(value)), `a finding, the report or the graph holds ${value}`);
    assert.ok(!storeFiles.some((f) => f.includes(value)), `a store file holds ${value}`);
  }
  assert.ok(logs.some((l) => l.includes('kubernetes/broken/service-accounts.json at $.items[1].metadata.creationTimestamp')));
  assert.ok(logs.some((l) => l.includes('kubernetes/cut/secrets.json') && l.includes('not valid JSON')));
});
