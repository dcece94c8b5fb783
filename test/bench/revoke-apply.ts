// Time to plan and to apply revocations against a local SCIM server:
//   node --import tsx test/bench/revoke-apply.ts [USERS]   (default 200)
// USERS leavers with active accounts in one SCIM app; a live scan finds them;
// then `revoke` (the plan, a dry run) and `revoke --apply` through the CLI.
import { fileURLToPath } from 'node:url';
import { tempDir, writeTree } from '../helpers/cli.js';
import { peopleCsv, scimUser } from '../helpers/estate.js';
import { startScimServer } from '../servers/scim-server.js';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
const USERS = Number(process.argv[2] ?? 200);
const ENV = { CRM_TOKEN: 'bench-token' };

const users = Array.from({ length: USERS }, (_, i) => scimUser({ id: `u${i}`, userName: `p${i}@example.com`, active: true }));
const server = await startScimServer({ crm: { token: ENV.CRM_TOKEN, users, groups: [] } });
const dir = tempDir('driftgraph-bench-revoke-');
writeTree(dir, {
  'exports/hr/people.csv': peopleCsv(users.map((_, i) => ({ id: `E${i}`, email: `p${i}@example.com`, status: 'terminated', endDate: '2026-01-31' }))),
  'driftgraph.yaml': ['exportsDir: exports', 'scim:', '  apps:', `    crm: {baseUrl: "${server.base('crm')}", tokenEnv: CRM_TOKEN}`, 'revocation:', '  routine: [{rule: leaver-active-access}]', `  maxPerRun: ${USERS}`, '  maxShareOfContainer: 1'].join('\n'),
});
// The CLI runs in a child process (as users run it), so the server here answers while it waits.
function timed(args: string[]): Promise<{ seconds: number; stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    import('node:child_process').then(({ spawn }) => {
      const child = spawn(process.execPath, [BIN, '-q', ...args], { cwd: dir, env: { ...process.env, NEO4J_URI: '', ...ENV } });
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout, code }));
    });
  });
}
const scan = await timed(['scan', '--sources', 'hr,scim']);
const plan = await timed(['revoke', '--format', 'json']);
const afterPlan = server.writes.length;
const planned = JSON.parse(plan.stdout);
const apply = await timed(['revoke', '--apply', '--format', 'json']);
const afterApply = server.writes.length;
const again = await timed(['revoke', '--apply', '--format', 'json']);
const afterAgain = server.writes.length;
process.stdout.write(
  [
    `users (leavers): ${USERS}`,
    `scan: ${scan.seconds.toFixed(1)} s (exit ${scan.code})`,
    `plan: ${planned.counts.ready ?? 0} actions ready, ${plan.seconds.toFixed(1)} s (dry run; server writes ${afterPlan})`,
    `apply: ${apply.seconds.toFixed(1)} s (exit ${apply.code}; server writes ${afterApply})`,
    `second apply: ${again.seconds.toFixed(1)} s (exit ${again.code}; server writes ${afterAgain})`,
  ].join('\n') + '\n',
);
await server.close();
