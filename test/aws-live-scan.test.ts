// A live scan end to end: the command line collects from "AWS" (the local
// wire-protocol server, through the real SDK), writes a snapshot, and scans it
// like any other. And a live scan whose AWS collection is refused fails aws
// (exit 1) instead of mistaking it for "not scanned".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { generateAccount } from './servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type IamServerOptions } from './servers/iam-server.js';
import { tempDir } from './helpers/cli.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/driftgraph.mjs', import.meta.url));
const ACCOUNT = '123456789012';

async function liveScan(faults: IamServerOptions['faults'] = {}) {
  const server = await startIamServer({
    estate: { managementAccountId: ACCOUNT, accounts: [generateAccount(ACCOUNT, { users: 40, roles: 10, keys: 50 })] },
    faults,
  });
  const cwd = tempDir();
  const env = {
    ...process.env,
    NEO4J_URI: '',
    DRIFTGRAPH_AWS_ENDPOINT: server.url,
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: 'us-east-1',
    AWS_PROFILE: '',
  };
  try {
    const scan = await run(process.execPath, [BIN, '-q', 'scan', '--sources', 'aws'], { cwd, env }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    const findings = await run(process.execPath, [BIN, 'findings', '--format', 'json'], { cwd, env });
    return { cwd, scan, findings: JSON.parse(findings.stdout) as { subject: { container: string } }[], server };
  } finally {
    await server.close();
  }
}

test('scan --sources aws collects through the SDK, keeps the snapshot, and finds', async () => {
  const { cwd, scan, findings, server } = await liveScan();
  assert.equal(scan.code, 0, scan.stdout + scan.stderr);
  assert.match(scan.stdout, new RegExp(`aws\\s+loaded\\s+${ACCOUNT}`));
  assert.ok(findings.length > 0);
  assert.ok(findings.every((f) => f.subject.container === ACCOUNT || f.subject.container === null));
  const snapshots = readdirSync(join(cwd, '.driftgraph', 'snapshots'));
  assert.equal(snapshots.length, 1, 'the collected snapshot is kept for the record');
  assert.ok((server.counts.get('GetAccountAuthorizationDetails') ?? 0) >= 1);
});

test('a refused AWS collection fails aws with the API named, exit 1, and leaves no empty snapshot folder', async () => {
  const { scan, cwd } = await liveScan({ deny: { GetAccountAuthorizationDetails: true } });
  const dir = join(cwd, '.driftgraph', 'snapshots');
  assert.deepEqual(existsSync(dir) ? readdirSync(dir) : [], [], 'a collection that got nothing keeps no folder');
  assert.equal(scan.code, 1);
  assert.match(scan.stdout, /aws\s+failed/);
  assert.match(scan.stdout, /GetAccountAuthorizationDetails/);
  assert.match(scan.stdout, /AccessDenied/);
});
