// scan, demo, schedule and report run in a worker thread with a larger young
// generation (src/cli/run-in-worker.ts). What must hold: the right command
// lines go there, and a stop signal does what it did before, whether the
// command listens for it (the scheduler: test/schedule-cli.test.ts) or not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runsInWorker } from '../src/cli/run-in-worker.js';
import { writeEstate } from './helpers/estate.js';
import { scaleEstate } from './bench/scale-estate.js';

const BIN = fileURLToPath(new URL('../bin/driftgraph.mjs', import.meta.url));

describe('run in worker', () => {
  test('the command is the first word that is neither an option nor a global option’s value', () => {
    const cases: [string[], boolean][] = [
      [['scan', '--from', 'x'], true],
      [['--db', 'scan', 'query', 'MATCH (n) RETURN n'], false],
      [['--db=a.db', 'report', '--out', 'r'], true],
      [['-q', '--config', 'c.yaml', 'schedule'], true],
      [['demo'], true],
      [['query', 'scan'], false],
      [['findings', '--format', 'json'], false],
      [['scan', '--help'], false],
      [['--', 'scan'], false],
      [['--version'], false],
    ];
    for (const [args, expected] of cases) assert.equal(runsInWorker(args), expected, args.join(' '));
  });

  test('a scan nobody stops for listens to no signal: SIGINT ends the process as it always did', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dg-worker-'));
    // Big enough that the scan is still loading when the signal lands.
    const snapshot = await writeEstate(scaleEstate({ people: 3000, collectedAt: '2026-11-02T00:00:00Z' }), dir);
    const child = spawn(process.execPath, [BIN, '--db', join(dir, 'g.db'), 'scan', '--from', snapshot], {
      env: { ...process.env, NEO4J_URI: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const loading = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        err += d;
        if (/\] (hr|catalog|aws)\b/.test(err)) resolve();
      });
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    await loading;
    child.kill('SIGINT');
    const { code, signal } = await ended;
    assert.deepEqual({ code, signal }, { code: null, signal: 'SIGINT' }, err);
  });
});
