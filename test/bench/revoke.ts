// Revocation at size: the plan's size and the time to plan and to apply.
//   npm run bench -- revoke [--people N] [--leavers SHARE]   (default 10000 people, 0.02 leavers)
//
// 1. The demo estate: scanned, then planned with the example policy
//    `npm start` shows (a dry run: the demo has no servers to act on).
// 2. A generated estate of N people (HR export), each with an account in a
//    SCIM app and a membership of a GitHub org (SAML identity = their email),
//    served by the local SCIM and GitHub servers on 127.0.0.1. SHARE of them
//    left the company with both accounts still active. A live scan finds
//    them; then, through the command line as users run it:
//    - `revoke` with the default limits: the fuse (maxPerRun 25) refuses;
//    - `revoke --format json` with maxPerRun raised to the plan's size: the plan;
//    - `revoke --apply`: every action re-checked and sent, with the calls counted;
//    - `revoke --apply` again: nothing left to send;
//    - a second scan: the revoked access is gone, and the findings resolve.
// Every CLI run is a child process; its wall time and exit code are printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, writeTree } from '../helpers/cli.js';
import { peopleCsv, scimUser, type GithubOrg } from '../helpers/estate.js';
import { startScimServer } from '../servers/scim-server.js';
import { startGithubServer } from '../servers/github-server.js';
import { DEMO_POLICY, registry } from '../../src/cli/registry.js';
import { openStore } from '../../src/graph/open-store.js';
import { loadRules } from '../../src/rules/rule-file.js';
import { buildPlan } from '../../src/revoke/plan.js';
import { readScanState } from '../../src/revoke/scan-state.js';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('--people', 10_000);
const SHARE = arg('--leavers', 0.02);
const ENV = { CRM_TOKEN: 'bench-scim-token', GITHUB_TOKEN: 'bench-github-token' };

function timed(dir: string, args: string[]): Promise<{ seconds: number; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, '-q', ...args], { cwd: dir, env: { ...process.env, NEO4J_URI: '', ...ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout, stderr, code }));
  });
}

const s = (x: number) => `${x.toFixed(1)} s`;

async function demo(): Promise<void> {
  const dir = tempDir('driftgraph-bench-revoke-demo-');
  const scan = await timed(dir, ['--db', 'demo.db', 'scan', '--from', DEMO]);
  // As `npm start` plans it: the example policy, judged as of the demo's own moment (its snapshot is a fixed day).
  const store = await openStore({ dbPath: join(dir, 'demo.db'), readOnly: true });
  try {
    const rules = await loadRules();
    const started = process.hrtime.bigint();
    const now = (await readScanState(store)).latestNow ?? new Date().toISOString();
    const plan = await buildPlan(store, { registry, config: DEMO_POLICY, rules, now });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const counts: Record<string, number> = {};
    for (const e of plan.entries) counts[e.state] = (counts[e.state] ?? 0) + 1;
    console.log('demo estate (the example policy `npm start` shows, dry run; the demo has no servers to act on):');
    console.log(`  scan ${s(scan.seconds)} (exit ${scan.code}); plan (in-process) ${s(seconds)}: ${plan.entries.length} entries ${JSON.stringify(counts)}${plan.refusals.length ? `; refused: ${plan.refusals.join('; ')}` : ''}`);
  } finally {
    await store.close();
  }
}

async function generated(): Promise<void> {
  const leavers = Math.round(PEOPLE * SHARE);
  const email = (i: number) => `p${i}@example.com`;
  const users = Array.from({ length: PEOPLE }, (_, i) => scimUser({ id: `u${i}`, userName: email(i), active: true }));
  const scim = await startScimServer({ crm: { token: ENV.CRM_TOKEN, users, groups: [], maxPage: 1000 } });
  const org: GithubOrg = { name: 'acme', users: Array.from({ length: PEOPLE }, (_, i) => ({ login: `gh-${i}`, saml: { nameId: email(i) } })) };
  const github = await startGithubServer([org]);
  const dir = tempDir('driftgraph-bench-revoke-');
  // Leavers are spread over the estate (every 1/SHARE-th person), not the first N.
  const step = PEOPLE / Math.max(1, leavers);
  const leaver = new Set(Array.from({ length: leavers }, (_, k) => Math.floor(k * step)));
  const base = ['exportsDir: exports', 'scim:', '  apps:', `    crm: {baseUrl: "${scim.base('crm')}", tokenEnv: CRM_TOKEN}`, 'github:', '  orgs: [acme]', `  baseUrl: "${github.url}"`];
  const policy = ['revocation:', '  routine: [{rule: leaver-active-access, sources: [github, scim]}]'];
  writeTree(dir, {
    'exports/hr/people.csv': peopleCsv(Array.from({ length: PEOPLE }, (_, i) => ({ id: `E${i}`, email: email(i), ...(leaver.has(i) ? { status: 'terminated' as const, endDate: '2026-01-31' } : {}) }))),
    'defaults.yaml': [...base, ...policy].join('\n'),
    'driftgraph.yaml': [...base, ...policy, `  maxPerRun: ${leavers * 2}`].join('\n'),
  });
  try {
    console.log(`generated estate: ${PEOPLE} people, ${leavers} leavers with a SCIM account and a GitHub membership each, local servers on 127.0.0.1`);
    const scan = await timed(dir, ['scan', '--sources', 'hr,scim,github']);
    console.log(`  scan (live collect + load + rules): ${s(scan.seconds)} (exit ${scan.code})${scan.code ? `: ${scan.stderr.trim().split('\n').at(-1)}` : ''}`);
    const fuse = await timed(dir, ['--config', 'defaults.yaml', 'revoke']);
    console.log(`  plan with the default limits: ${s(fuse.seconds)}, exit ${fuse.code}: ${fuse.stderr.trim().split('\n')[0] ?? ''}`);
    const plan = await timed(dir, ['revoke', '--format', 'json']);
    const planned = JSON.parse(plan.stdout) as { counts: Record<string, number>; containers: { source: string; container: string; subjects: number; size: number }[] };
    console.log(`  plan (maxPerRun ${leavers * 2}): ${s(plan.seconds)}, exit ${plan.code}: ${JSON.stringify(planned.counts)}; per container ${planned.containers.map((c) => `${c.source} ${c.container} ${c.subjects}/${c.size}`).join(', ')}`);
    console.log(`  server writes after the dry runs: SCIM ${scim.writes.length}, GitHub ${github.writes.length}`);
    const apply = await timed(dir, ['revoke', '--apply', '--format', 'json']);
    const outcomes: Record<string, number> = {};
    for (const o of (JSON.parse(apply.stdout).applied?.outcomes ?? []) as { outcome: string }[]) outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
    console.log(`  apply: ${s(apply.seconds)}, exit ${apply.code}: ${JSON.stringify(outcomes)}; server writes SCIM ${scim.writes.length}, GitHub ${github.writes.length}`);
    const again = await timed(dir, ['revoke', '--apply', '--format', 'json']);
    console.log(`  second apply: ${s(again.seconds)}, exit ${again.code}; server writes SCIM ${scim.writes.length}, GitHub ${github.writes.length} (nothing sent twice)`);
    // The servers changed what the calls changed: the next scan sees it.
    const verify = await timed(dir, ['scan', '--sources', 'hr,scim,github']);
    const open = await timed(dir, ['findings', '--rule', 'leaver-active-access', '--format', 'json']);
    const still = (JSON.parse(open.stdout) as { status: string }[]).filter((f) => f.status === 'open').length;
    console.log(`  verifying scan: ${s(verify.seconds)} (exit ${verify.code}); leaver-active-access findings still open: ${still}`);
  } finally {
    await scim.close();
    await github.close();
  }
}

await demo();
await generated();
