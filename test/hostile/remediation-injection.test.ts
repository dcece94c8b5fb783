// Every remediation of an estate whose names carry shell payloads is run
// through bash with the provider CLIs stubbed: nothing but the stubs runs,
// and each name reaches the CLI as one literal argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { writeEstate } from '../helpers/estate.js';
import { injectionEstate, SHELL_PAYLOADS } from './injection-estate.js';

const CLIS = ['aws', 'gcloud', 'gh', 'curl'];

test('no remediation runs anything but the provider CLI, and names stay whole arguments', async () => {
  const root = tempDir();
  const db = join(root, 'graph.db');
  const scan = cli(['--db', db, 'scan', '--from', await writeEstate(injectionEstate(), root)]);
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);
  const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json']).stdout) as { ruleId: string; remediation: string }[];
  const commands = [...new Set(findings.map((f) => f.remediation))];
  assert.ok(findings.length > 20, `the estate fires rules (${findings.length} findings)`);

  const stubs = join(root, 'stubs');
  const log = join(root, 'calls.log');
  spawnSync('mkdir', ['-p', stubs]);
  for (const c of CLIS) {
    // Each call is logged as its arguments, NUL-separated, then a record separator.
    writeFileSync(join(stubs, c), `#!/bin/sh\nprintf '%s\\0' "${c}" "$@" >> '${log}'\nprintf '\\036' >> '${log}'\n`);
    chmodSync(join(stubs, c), 0o755);
  }
  const work = join(root, 'work');
  spawnSync('mkdir', ['-p', work]);
  let ran = 0;
  for (const command of commands) {
    const r = spawnSync('bash', ['-c', command], { cwd: work, env: { PATH: `${stubs}:/usr/bin:/bin` }, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.error, undefined, command);
    if (CLIS.some((c) => new RegExp(`(^|[;&|(]\\s*|\\bdo )${c} `).test(command))) ran++;
  }
  assert.deepEqual(readdirSync(work).filter((f) => f.startsWith('PWNED')), [], 'no payload ran');
  assert.ok(!existsSync(join(work, 'PWNED9')));
  assert.ok(ran > 10, `remediations that call a provider CLI: ${ran}`);

  const calls = readFileSync(log, 'utf8').split('\u001e').filter(Boolean).map((c) => c.split('\0').filter((_, i, a) => i < a.length - 1));
  const args = new Set(calls.flat());
  const whole = SHELL_PAYLOADS.filter((p) => [...args].some((a) => a === p || a.endsWith(`/${p}`) || a.endsWith(`:${p}`) || a === `role-${p}`));
  assert.ok(whole.length >= SHELL_PAYLOADS.length - 1, `payloads passed whole to a CLI: ${whole.length} of ${SHELL_PAYLOADS.length}`);
});
