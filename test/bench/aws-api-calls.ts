// How many AWS API calls a live collect of a large account costs, and how long
// it takes against the local wire-protocol server (no network latency, so the
// wall time is the collector's and SDK's own overhead).
//   node --import tsx test/bench/aws-api-calls.ts [users roles keys] [--throttle N]
// --throttle N answers the first N calls of each IAM read action with Throttling.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsClientFactory, collectAws } from '../../connectors/aws/collect.js';
import { generateAccount } from '../servers/iam-estate.js';
import { startIamServer, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY } from '../servers/iam-server.js';

async function main() {
  const args = process.argv.slice(2);
  const t = args.indexOf('--throttle');
  const throttle = t >= 0 ? Number(args.splice(t, 2)[1]) : 0;
  const [users = 5000, roles = 2000, keys = 6000] = args.map(Number);
  const accountId = '123456789012';

  const built = Date.now();
  const account = generateAccount(accountId, { users, roles, keys });
  const unclear = account.users.flatMap((u) => u.keys).filter((k) => k.reportedCreated).length;
  console.log(`estate: ${users} users, ${roles} roles, ${account.groups.length} groups, ${account.policies.length} policies, ${keys} access keys (${unclear} rotated after the report) built in ${Date.now() - built} ms`);

  const throttled = ['GetAccountAuthorizationDetails', 'ListAccessKeys', 'GetAccessKeyLastUsed'];
  const server = await startIamServer({
    estate: { managementAccountId: accountId, accounts: [account] },
    faults: { throttle: Object.fromEntries(throttle ? throttled.map((a) => [a, throttle]) : []) },
  });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-aws-bench-'));
  try {
    const clients = awsClientFactory({ endpoint: server.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const heap = process.memoryUsage().heapUsed;
    const stats = await collectAws(out, { config: { aws: { concurrency: 4 } }, progress: { step: () => undefined }, now: new Date().toISOString() }, clients);
    const heapAfter = process.memoryUsage().heapUsed;

    console.log(`\nAPI calls per operation (logical calls / HTTP requests incl. retries):`);
    for (const [op, n] of Object.entries(stats.calls)) console.log(`  ${op.padEnd(38)} ${String(n).padStart(6)} / ${String(stats.httpRequests[op] ?? 0).padStart(6)}`);
    console.log(`  ${'total'.padEnd(38)} ${String(stats.totalCalls).padStart(6)} / ${String(stats.totalHttpRequests).padStart(6)}`);
    const served = [...server.counts.values()].reduce((a, b) => a + b, 0);
    console.log(`server saw ${served} requests${served === stats.totalHttpRequests ? ' (matches)' : ' (MISMATCH)'}`);

    const s = stats.accounts[0]!;
    console.log(`\naccount ${s.accountId}: ${s.authorizationDetailsPages} authorization-details pages, ${s.usersListed} of ${s.users} users needed ListAccessKeys, ${s.lastUsedLookups} of ${s.accessKeys} keys needed GetAccessKeyLastUsed`);
    for (const f of ['account-authorization-details.json', 'credential-report.csv', 'access-keys.json']) {
      console.log(`  ${f.padEnd(38)} ${((await stat(join(out, 'aws', accountId, f))).size / 1e6).toFixed(2)} MB`);
    }
    console.log(`wall time: ${(stats.wallMs / 1000).toFixed(2)} s (concurrency 4${throttle ? `, ${throttle} throttles per action` : ''}); heap growth ${((heapAfter - heap) / 1e6).toFixed(0)} MB`);
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

await main();
