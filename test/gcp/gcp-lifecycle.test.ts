// GCP findings across scans: a key deleted between two scans resolves its
// finding; a broken iam-policy.json fails its own project only (exit 1, the
// file and line named), whose findings stay open while the sibling project's
// resolve normally.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readFindings } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { registry } from '../../connectors/index.js';
import { writeEstate, type Estate } from '../helpers/estate.js';
import { tempRoot } from '../rules/scan-helpers.js';
import { gcpEstate, gcpProject, keyName, sa } from './estate.js';

const OTHER = 'northwind-data';
const staleKey = keyName(sa('ci-deployer'), 'aaaa0001');
const otherSa = `loader@${OTHER}.iam.gserviceaccount.com`;
const otherKey = `projects/${OTHER}/serviceAccounts/${otherSa}/keys/eeee0001`;

function twoProjects(withKeys: boolean): Estate {
  const e = gcpEstate();
  const prod = e.gcp![0]!;
  if (!withKeys) prod.serviceAccounts = prod.serviceAccounts!.map((s) => (s.id === 'ci-deployer' ? { ...s, keys: s.keys!.filter((k) => k.id !== 'aaaa0001') } : s));
  e.gcp!.push(
    gcpProject({
      id: OTHER,
      serviceAccounts: [{ id: 'loader', description: 'ana@example.com', keys: withKeys ? [{ id: 'eeee0001', validAfter: '2026-01-01T00:00:00Z' }] : [] }],
      bindings: [{ role: 'roles/viewer', members: ['user:leo@example.com'] }],
      providers: [],
    }),
  );
  return e;
}

async function scanAt(db: string, dir: string) {
  const store = await openEmbeddedStore(db);
  try {
    await ensureSchema(store);
    const result = await runScan(store, { snapshotDir: dir, config: {}, exceptions: [], progress: { step: () => {} }, registry });
    return { result, findings: await readFindings(store) };
  } finally {
    await store.close();
  }
}

const status = (fs: { ruleId: string; subject: { id: string }; status: string }[], rule: string, id: string) =>
  fs.find((f) => f.ruleId === rule && f.subject.id === id)?.status;

describe('GCP findings across scans', () => {
  it('a key deleted between two scans resolves its finding', async () => {
    const root = await tempRoot();
    const db = join(root, 'graph.db');
    const first = await scanAt(db, await writeEstate(twoProjects(true), root));
    assert.equal(status(first.findings, 'stale-credential', staleKey), 'open');
    assert.equal(status(first.findings, 'long-lived-credential', otherKey), 'open');
    const second = await scanAt(db, await writeEstate(twoProjects(false), root));
    assert.equal(second.result.exitCode, 0);
    assert.equal(status(second.findings, 'stale-credential', staleKey), 'resolved');
    assert.equal(status(second.findings, 'long-lived-credential', otherKey), 'resolved');
  });

  it('a broken iam-policy.json fails only its project: its findings stay open, the sibling project resolves', async () => {
    const root = await tempRoot();
    const db = join(root, 'graph.db');
    await scanAt(db, await writeEstate(twoProjects(true), root));
    const dir = await writeEstate(twoProjects(false), root);
    await writeFile(join(dir, 'gcp', OTHER, 'iam-policy.json'), '{\n  "bindings": [\n    {"role": "roles/viewer" "members": []}\n  ]\n}\n');
    const { result, findings } = await scanAt(db, dir);
    assert.equal(result.exitCode, 1);
    const gcp = result.outcomes.find((o) => o.source === 'gcp')!;
    assert.equal(gcp.status, 'partial');
    assert.deepEqual(gcp.containers, ['northwind-prod']);
    assert.deepEqual(gcp.errors, [`gcp: gcp/${OTHER}/iam-policy.json line 3: not valid JSON`]);
    assert.equal(status(findings, 'stale-credential', staleKey), 'resolved', 'the loaded project resolves');
    assert.equal(status(findings, 'long-lived-credential', otherKey), 'open', 'the failed project keeps its findings');
    assert.equal(status(findings, 'leaver-active-access', 'user:leo@example.com'), 'open');
    assert.ok(['hr', 'catalog'].every((s) => result.outcomes.find((o) => o.source === s)?.status === 'loaded'));
  });
});
