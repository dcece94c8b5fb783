// Secrets planted where providers put them never land: not in the store's
// files, the scan's output, the findings or the drift report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { plantedSnapshot, SECRETS } from './secret-estate.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

test('secrets planted in every source never reach the store, the output, the findings or the report', async () => {
  const { root, snap } = await plantedSnapshot();
  const db = join(root, 'store', 'graph.db');
  const outputs: string[] = [];
  const run = (args: string[]) => {
    const r = cli(['--db', db, ...args], { cwd: root });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const scan = run(['scan', '--from', snap]);
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);
  run(['findings', '--status', 'all', '--format', 'json']);
  run(['findings', '--status', 'all', '--format', 'csv']);
  run(['query', 'MATCH (n) RETURN n', '--format', 'json']);
  run(['report', '--out', join(root, 'reports')]);

  const haystacks = [...outputs, ...filesUnder(join(root, 'store')).map((f) => readFileSync(f).toString('latin1')), ...filesUnder(join(root, 'reports')).map((f) => readFileSync(f, 'utf8'))];
  for (const [where, secret] of Object.entries(SECRETS)) {
    assert.ok(!haystacks.some((h) => h.includes(secret)), `the ${where} secret landed`);
  }
  assert.ok(outputs.join('').includes('AKIAPLANTED000000001'), 'the check reads real output');
});
