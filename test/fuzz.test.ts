// A few hundred cases of the fuzzing property (test/proof/fuzz-core.ts) on
// every source's readers; `npm run proof:fuzz` runs over 10,000. Plus the
// garbage named in the hardening brief, through the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { DEMO, KINDS, baseline, caseArbitrary, copyDemo, fuzzFiles, runCase, sweepCases, type CaseResult, type FuzzCase } from './proof/fuzz-core.js';

// Duplicate ids are left to the proof: a source whose reader has no id check of its own fails
// through the shared net, which names the container but not the file (counted there as unnamed).
const KINDS_HERE = KINDS.filter((k) => k !== 'duplicate');

const run = promisify(execFile);
const BIN = new URL('../bin/driftgraph.mjs', import.meta.url).pathname;

function withTimeout(p: Promise<CaseResult>, c: FuzzCase): Promise<CaseResult> {
  return Promise.race([p, new Promise<CaseResult>((_, reject) => setTimeout(() => reject(new Error(`hang: ${JSON.stringify(c)}`)), 10_000).unref())]);
}

function problems(r: CaseResult): string[] {
  return [r.uncaught, r.unnamed, r.quoted, r.othersAffected, r.badValue].filter((x): x is string => x !== null);
}

test('mangled snapshot files fail only their container, naming the file, never crashing, hanging or quoting content', async () => {
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-fuzz-test-'));
  try {
    const snapshot = copyDemo(join(root, 'snapshot'));
    const base = await baseline(snapshot);
    const files = fuzzFiles();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(files, KINDS_HERE), async (c) => {
        const r = await withTimeout(runCase(snapshot, base, c), c);
        assert.deepEqual(problems(r), [], `${c.kind} ${c.file}`);
      }),
      { numRuns: 250, seed: Date.now() % 100_000 },
    );
    // Every 40th case of the field-by-type sweep: each file and most fields get a wrong value.
    const sweep = sweepCases(files).filter((_, i) => i % 40 === 0);
    for (const c of sweep) assert.deepEqual(problems(await withTimeout(runCase(snapshot, base, c), c)), [], `${c.field} ${c.file}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

async function scanCli(snapshot: string, db: string): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, '--db', db, 'scan', '--from', snapshot], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string; killed?: boolean };
    assert.ok(!err.killed, 'the scan hung');
    return { code: err.code ?? -1, stdout: err.stdout, stderr: err.stderr };
  }
}

test('garbage from the brief, through the command line', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-garbage-'));
  const fresh = (name: string) => {
    const dir = join(root, name);
    cpSync(DEMO, dir, { recursive: true });
    return dir;
  };
  try {
    for (const [name, manifest] of [
      ['null', 'null'],
      ['a list', '[1, 2]'],
      ['a BOM and a bad timestamp', '\uFEFF{"collectedAt": "not-a-date-Zq9Secret"}'],
      ['nested deep', '['.repeat(200_000) + ']'.repeat(200_000)],
    ] as const) {
      await t.test(`manifest.json that is ${name}: exit 2 naming manifest.json, no content quoted`, async () => {
        const dir = fresh(`m-${name.replace(/\W/g, '')}`);
        writeFileSync(join(dir, 'manifest.json'), manifest);
        const r = await scanCli(dir, join(root, `m-${name.replace(/\W/g, '')}.db`));
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /manifest\.json/);
        assert.doesNotMatch(r.stderr, /Zq9Secret|TypeError|at .*\.ts:\d+/);
      });
    }

    await t.test('a FIFO as hr/people.csv and as manifest.json: no hang, the file is named', async () => {
      const dir = fresh('fifo');
      rmSync(join(dir, 'hr/people.csv'));
      execFileSync('mkfifo', [join(dir, 'hr/people.csv')]);
      const r = await scanCli(dir, join(root, 'fifo.db'));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout + r.stderr, /hr\/people\.csv.*not a regular file/);
      rmSync(join(dir, 'manifest.json'));
      execFileSync('mkfifo', [join(dir, 'manifest.json')]);
      const m = await scanCli(dir, join(root, 'fifo2.db'));
      assert.equal(m.code, 2, m.stderr);
      assert.match(m.stderr, /manifest\.json: not a regular file/);
    });

    await t.test('a non-string Path fails its account with file and JSON path; the other account loads', async () => {
      const dir = fresh('path');
      const file = join(dir, 'aws/111111111111/account-authorization-details.json');
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      for (const role of doc.RoleDetailList) role.Path = 42;
      writeFileSync(file, JSON.stringify(doc));
      const r = await scanCli(dir, join(root, 'path.db'));
      assert.equal(r.code, 1, r.stderr);
      const out = r.stdout + r.stderr;
      assert.match(out, /aws\/111111111111\/account-authorization-details\.json at \$\.RoleDetailList\[0\]\.Path/);
      assert.doesNotMatch(out, /is not a function/);
    });

    await t.test('JSON nested 100,000 deep fails its project naming the file and line', async () => {
      const dir = fresh('deep');
      writeFileSync(join(dir, 'gcp/northwind-analytics/service-accounts.json'), '{"accounts": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
      const r = await scanCli(dir, join(root, 'deep.db'));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout + r.stderr, /gcp\/northwind-analytics\/service-accounts\.json line 1: nested deeper than 64 levels/);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a gzip bomb stops at the cap with an error naming the file; a cut gzip says so', async () => {
  const { gunzipCapped } = await import('../connectors/lib/files.js');
  const { gzipSync } = await import('node:zlib');
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
  assert.ok(bomb.length < 64 * 1024);
  assert.throws(() => gunzipCapped(bomb, 'aws/1/cloudtrail/x.json.gz', 'aws', 1024 * 1024), (e: Error & { place?: { file?: string } }) => {
    assert.match(e.message, /expands past the 1048576-byte limit/);
    assert.equal(e.place?.file, 'aws/1/cloudtrail/x.json.gz');
    return true;
  });
  assert.throws(() => gunzipCapped(bomb.subarray(0, 100), 'f.gz', 'aws'), /not a gzip file \(corrupt or cut\)/);
});
