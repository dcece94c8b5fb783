// The shared harness of the rule tests: a snapshot written by the estate
// builder, a fresh embedded store, runScan, then the findings as stored; and
// the small builders and asserts every rule file uses.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Config } from '../../src/config/schema.js';
import { readFindings, type StoredFinding } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { registry } from '../../connectors/index.js';
import {
  ago,
  emailOf,
  roleArn,
  userArn,
  writeEstate,
  type AwsAccount,
  type AwsUser,
  type Estate,
  type Person,
} from '../helpers/estate.js';

export const NOW = '2026-11-20T02:00:00Z';
export const ACCT = '111111111111';
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

export async function tempRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-rules-'));
  roots.push(root);
  return root;
}

/** Scan a snapshot into the store at `dbPath` and return every stored finding. */
export async function scanInto(dbPath: string, snapshotDir: string, config: Config = {}): Promise<StoredFinding[]> {
  const store = await openEmbeddedStore(dbPath);
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir, config, exceptions: [], progress: { step: () => {} } });
    const failed = result.outcomes.filter((o) => o.status === 'failed');
    assert.deepEqual(failed, [], 'every source loads');
    assert.deepEqual(result.rules.filter((r) => r.error).map((r) => r.error), [], 'every rule runs');
    return await readFindings(store);
  } finally {
    await store.close();
  }
}

/** Write the estate and scan it into a fresh store. */
export async function scan(estate: Estate, config: Config = {}): Promise<StoredFinding[]> {
  const root = await tempRoot();
  const dir = await writeEstate(estate, root);
  return scanInto(join(root, 'graph.db'), dir, config);
}

export const ofRule = (fs: StoredFinding[], ruleId: string) => fs.filter((f) => f.ruleId === ruleId);

/** The one finding of this rule about this subject id; fails when there is not exactly one. */
export function one(fs: StoredFinding[], ruleId: string, subjectId: string): StoredFinding {
  const hits = fs.filter((f) => f.ruleId === ruleId && f.subject.id === subjectId);
  assert.equal(hits.length, 1, `${ruleId} about ${subjectId}: got ${JSON.stringify(ofRule(fs, ruleId).map((f) => f.subject.id))}`);
  return hits[0]!;
}

export function none(fs: StoredFinding[], ruleId: string, subjectId?: string): void {
  const hits = ofRule(fs, ruleId).filter((f) => subjectId === undefined || f.subject.id === subjectId);
  assert.deepEqual(hits.map((f) => f.subject.id), [], `no ${ruleId}${subjectId ? ` about ${subjectId}` : ''}`);
}

export function subjectIs(f: StoredFinding, type: string, id: string, source = 'aws', container: string | null = ACCT): void {
  assert.deepEqual(
    { source: f.subject.source, container: f.subject.container, type: f.subject.type, id: f.subject.id },
    { source, container, type, id },
  );
}

export const account = (a: Partial<AwsAccount>): AwsAccount => ({ id: ACCT, root: { mfa: true }, ...a });
export const estate = (e: Partial<Estate>): Estate => ({ collectedAt: NOW, ...e });

/** A person's console user, linked to them by the AWS `email` tag. */
export const humanUser = (p: Person, u: Partial<AwsUser> = {}): AwsUser => ({
  name: p.id.toLowerCase(),
  password: true,
  mfa: true,
  passwordLastUsed: ago(NOW, 1),
  tags: { email: emailOf(p) },
  ...u,
});

export const ana: Person = { id: 'E1', email: 'ana@example.com', name: 'Ana' };
export const bob: Person = { id: 'E2', email: 'bob@example.com', name: 'Bob' };
export const uArn = (name: string) => userArn(ACCT, name);
export const rArn = (name: string) => roleArn(ACCT, name);
