// The secrets' remediations are exact provider commands whose every value is
// one literal argument: hostile names (from an untrusted snapshot) run
// through bash with `aws` and `gcloud` stubbed reach the stub whole, and
// nothing else runs. No command carries a value or reads one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { registry } from '../../connectors/index.js';
import { remediationFor } from '../../src/findings/remediation.js';
import type { RemediationInput } from '../../src/sources/connector.js';

const HOSTILE = `x';touch PWNED1;'$(touch PWNED2)\`touch PWNED3\`\n touch PWNED4`;
const ARN = `arn:aws:secretsmanager:eu-west-1:111111111111:secret:${HOSTILE}-AbC123`;
const GCP = `projects/407/secrets/looker-db`;
const ACTIONS = ['assign-owner', 'reassign-owner', 'deactivate-credential', 'decommission-identity', 'rotate-credential', 'split-identity'];

const aws = (action: string): RemediationInput => ({
  ruleId: 'r', action, entitlement: null, evidence: {},
  subject: { source: 'aws', container: '111111111111', type: 'secret', id: ARN, name: HOSTILE },
  props: { region: 'eu-west-1' },
});
const gcp = (action: string, versions: string[]): RemediationInput => ({
  ruleId: 'r', action, entitlement: null, evidence: {},
  subject: { source: 'gcp', container: `proj;touch PWNED5`, type: 'secret', id: GCP, name: 'looker-db' },
  props: { secretId: 'looker-db', enabledVersions: versions },
});

test('every secrets remediation runs only the provider CLI, with each value whole', () => {
  const commands = [
    ...ACTIONS.map((a) => remediationFor(aws(a), registry)),
    ...ACTIONS.map((a) => remediationFor(gcp(a, ['2', `1;touch PWNED6`]), registry)),
    remediationFor(gcp('deactivate-credential', []), registry),
  ];
  for (const c of commands) assert.match(c, /^(aws secretsmanager|gcloud secrets|for v in \$\(gcloud secrets)/, c);
  assert.ok(commands.every((c) => !/get-secret-value|versions access/.test(c)), 'no command reads a value');
  assert.match(commands[2]!, /--recovery-window-in-days 30 .*restore-secret/);

  const root = mkdtempSync(join(tmpdir(), 'driftgraph-secret-remediation-'));
  try {
    const stubs = join(root, 'stubs');
    const work = join(root, 'work');
    const log = join(root, 'calls.log');
    spawnSync('mkdir', ['-p', stubs, work]);
    for (const c of ['aws', 'gcloud']) {
      // `gcloud secrets versions list` answers one version name, as gcloud would; every stub succeeds.
      const answer = c === 'gcloud' ? `[ "$3" = list ] && echo ${GCP}/versions/3\n` : '';
      writeFileSync(join(stubs, c), `#!/bin/sh\nprintf '%s\\0' "${c}" "$@" >> '${log}'\nprintf '\\036' >> '${log}'\n${answer}exit 0\n`);
      chmodSync(join(stubs, c), 0o755);
    }
    for (const command of commands) {
      const r = spawnSync('bash', ['-c', command], { cwd: work, env: { PATH: `${stubs}:/usr/bin:/bin` }, encoding: 'utf8' });
      assert.equal(r.status, 0, `${command}\n${r.stderr}`);
    }
    assert.deepEqual(readdirSync(work), [], 'no payload ran');
    const calls = readFileSync(log, 'utf8').split('\u001e').filter(Boolean).map((c) => c.split('\0').slice(0, -1));
    const args = calls.flat();
    assert.ok(args.includes(ARN), 'the ARN reaches aws as one argument');
    assert.ok(args.includes(`--project=proj;touch PWNED5`), 'the project reaches gcloud as one argument');
    assert.ok(args.includes(`1;touch PWNED6`), 'a version reaches gcloud as one argument');
    assert.ok(calls.some((c) => c[1] === 'secrets' && c[2] === 'versions' && c[3] === 'disable' && c[4] === `${GCP}/versions/3`), 'versions found at run time are disabled');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
