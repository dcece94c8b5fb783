// `npm run bench`: the speed and memory targets, measured (never asserted in
// tests). Each benchmark runs in its own process so peak memory is its own.
//   load-throughput: generated estate into the embedded store (nodes/s, RSS, file size)
//   aws-api-calls:   API calls and time for one live collect of a large account
//   gcp-api-calls:   API calls and time for one live collect of a GCP project (500 service accounts, 1,500 keys)
//   scan-demo:       a whole scan of the bundled demo estate
//   startup:         --version, --help, findings and query from start to exit,
//                    compiled against from the sources (median of 10 each)
//   github-collect:  requests for a first collect of a large GitHub org, and the rate-limit cost of an unchanged re-collect
//   entra-collect:   Graph calls, time and peak memory of a live collect and load of
//                    an Entra ID tenant (opt-in: `npm run bench -- entra-collect` or
//                    BENCH_ENTRA=1; ENTRA_SIZE=users,apps,servicePrincipals,signIns,groups,
//                    the size is 50000,5000,5000,1000000,1000)
//   kubernetes-collect: API calls, collect and scan time, peak memory of a live
//                    collect and load of many clusters (opt-in: `npm run bench --
//                    kubernetes-collect` or BENCH_K8S=1; K8S_SIZE=clusters,serviceAccounts,pods
//                    per cluster, the size is 20,5000,10000; default 2,500,1000)
//   sso-collect:     API calls per operation, time and peak memory of a live collect and
//                    load of an IAM Identity Center instance (opt-in: `npm run bench -- sso-collect`
//                    or BENCH_SSO=1; SSO_SIZE=users,groups,accounts,permissionSets,assignments,
//                    the size is 20000,2000,300,100,60000)
//   ai-keys:         admin API calls, time and peak memory to collect, read and scan
//                    OpenAI and Anthropic organizations holding 5,000 AI keys
//   vault:           Vault API calls, time and peak memory of a live collect, load and
//                    scan of a Vault cluster (opt-in: `npm run bench -- vault` or
//                    BENCH_VAULT=1; VAULT_SIZE=tokens,entities,approles,secretIdsPerRole,kvSecrets,
//                    the size is 100000 token accessors)
//   okta-sign-ins:   load and judge a generated Okta log of 1,000,000 events
//                    (minutes: runs when named, `npm run bench -- okta-sign-ins`,
//                    or with BENCH_OKTA=1; OKTA_EVENTS sets the count)
//   scale:           a generated estate with every source scanned three times
//                    (first, unchanged, 1 % changed), phase times, the store
//                    file with and after compaction, reopen time for query,
//                    report and findings streamed, the engine's bulk-create
//                    rate beside the load rate, each goal met or not;
//                    `--size S|M|L|<people>`, `--compact-above R|false`
//                    (default S; L, 100,000 people, takes about half an hour:
//                    `npm run bench -- scale --size L` or BENCH_SIZE=L)
//   secrets:         a live Secrets Manager collection across an organization
//                    and the scan of what it wrote: API calls, times, peak memory
//                    (opt-in: `npm run bench -- secrets`, 5,000 secrets in 10
//                    accounts, or BENCH_SECRETS=1; SECRETS_SIZE=secrets,accounts,
//                    the size is 50000,50)
//   revoke:          the revocation plan's size and the time to plan and to
//                    apply: the demo estate (dry run), then a generated estate
//                    (default 10,000 people, 2 % leavers with a SCIM account and
//                    a GitHub membership each) against the local SCIM and GitHub
//                    servers; runs when named: `npm run bench -- revoke
//                    [--people N] [--leavers SHARE]` or BENCH_REVOKE=1
//   report-under-load: a generated estate scanned twice, then a third scan and
//                    the report timed while busy processes load the CPU;
//                    runs when named: `npm run bench -- report-under-load
//                    --size S|M|L|<people> --busy 2` (L takes long)
//   review-campaign: an access review of a generated estate (`--size`, default S):
//                    campaign creation time, and the reviewer's queue page over HTTP
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
// Names to run; `--size X` goes to the scale benchmark.
const argv = process.argv.slice(2);
const sizeAt = argv.indexOf('--size');
const size = sizeAt >= 0 ? argv[sizeAt + 1] : undefined;
const compactAt = argv.indexOf('--compact-above');
const compactAbove = compactAt >= 0 ? argv[compactAt + 1] : undefined;
const busyAt = argv.indexOf('--busy');
const busy = busyAt >= 0 ? argv[busyAt + 1] : undefined;
const peopleAt = argv.indexOf('--people');
const people = peopleAt >= 0 ? argv[peopleAt + 1] : undefined;
const leaversAt = argv.indexOf('--leavers');
const leavers = leaversAt >= 0 ? argv[leaversAt + 1] : undefined;
const valueAt = new Set([sizeAt, compactAt, busyAt, peopleAt, leaversAt].filter((i) => i >= 0).map((i) => i + 1));
const only = argv.filter((a, i) => !a.startsWith('--') && !valueAt.has(i));

const benches: { name: string; args: string[]; optIn?: string }[] = [
  { name: 'load-throughput', args: ['--import', 'tsx', here('./load-throughput.ts'), '200000'] },
  { name: 'aws-api-calls', args: ['--import', 'tsx', here('./aws-api-calls.ts')] },
  { name: 'gcp-api-calls', args: ['--import', 'tsx', here('./gcp-api-calls.ts')] },
  { name: 'scan-demo', args: ['--import', 'tsx', here('./scan-demo.ts')] },
  { name: 'startup', args: ['--import', 'tsx', here('./startup.ts')] },
  { name: 'github-collect', args: ['--import', 'tsx', here('./github-collect.ts'), '2000', '300', '150'] },
  { name: 'kubernetes-collect', args: ['--import', 'tsx', here('./kubernetes-collect.ts'), ...(process.env.K8S_SIZE?.split(',') ?? [])], optIn: 'BENCH_K8S' },
  { name: 'ai-keys', args: ['--import', 'tsx', here('./ai-keys.ts'), '5000'] },
  { name: 'okta-sign-ins', args: ['--import', 'tsx', here('./okta-sign-ins.ts')], optIn: 'BENCH_OKTA' },
  { name: 'sso-collect', args: ['--import', 'tsx', here('./sso-collect.ts'), ...(process.env.SSO_SIZE?.split(',') ?? [])], optIn: 'BENCH_SSO' },
  { name: 'entra-collect', args: ['--import', 'tsx', here('./entra-collect.ts'), ...(process.env.ENTRA_SIZE?.split(',') ?? [])], optIn: 'BENCH_ENTRA' },
  { name: 'secrets', args: ['--import', 'tsx', here('./secrets.ts'), ...(process.env.SECRETS_SIZE?.split(',') ?? [])], optIn: 'BENCH_SECRETS' },
  { name: 'vault', args: ['--import', 'tsx', here('./vault-collect.ts'), ...(process.env.VAULT_SIZE?.split(',') ?? [])], optIn: 'BENCH_VAULT' },
  {
    name: 'scale',
    args: ['--import', 'tsx', here('./scale.ts'), ...(size ? ['--size', size] : []), ...(compactAbove ? ['--compact-above', compactAbove] : [])],
  },
  { name: 'review-campaign', args: ['--import', 'tsx', here('./review-campaign.ts'), ...(size ? ['--size', size] : [])] },
  {
    name: 'revoke',
    args: ['--import', 'tsx', here('./revoke.ts'), ...(people ? ['--people', people] : []), ...(leavers ? ['--leavers', leavers] : [])],
    optIn: 'BENCH_REVOKE',
  },
  {
    name: 'report-under-load',
    args: ['--import', 'tsx', here('./report-under-load.ts'), ...(size ? ['--size', size] : []), ...(busy ? ['--busy', busy] : [])],
    optIn: 'BENCH_REPORT_LOAD',
  },
];

let failed = 0;
for (const b of benches) {
  if (only.length && !only.includes(b.name)) continue;
  if (!only.length && b.optIn && !process.env[b.optIn]) {
    console.log(`\n=== ${b.name}: skipped (takes minutes; set ${b.optIn}=1 or name it) ===`);
    continue;
  }
  console.log(`\n=== ${b.name} ===`);
  const r = spawnSync(process.execPath, b.args, { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
