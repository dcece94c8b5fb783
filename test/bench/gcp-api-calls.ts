// How many Google API calls one live collect of a project costs, and how long
// it takes against the local Google REST server (no network latency: the wall
// time is the collector's and the clients' own overhead).
//   node --import tsx test/bench/gcp-api-calls.ts [serviceAccounts keys] [--throttle N]
// --throttle N answers the first N key listings with 429 (retried by the client).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectGcp } from '../../connectors/gcp/collect.js';
import { TOKEN_ENV } from '../../connectors/gcp/collect-clients.js';
import { startGcpServer, TEST_TOKEN, type ServedProject } from '../servers/gcp-server.js';

function generateProject(projectId: string, accounts: number, keys: number): ServedProject {
  const number = '555000111222';
  const emails = Array.from({ length: accounts }, (_, i) => `svc-${i}@${projectId}.iam.gserviceaccount.com`);
  const serviceAccounts = emails.map((email, i) => ({
    name: `projects/${projectId}/serviceAccounts/${email}`,
    projectId,
    uniqueId: String(100000000000000000000n + BigInt(i)),
    email,
    displayName: `service ${i}`,
    description: i % 3 === 0 ? `owner: person${i}@example.com` : undefined,
  }));
  const keyList = Array.from({ length: keys }, (_, i) => {
    const email = emails[i % accounts]!;
    return {
      name: `projects/${projectId}/serviceAccounts/${email}/keys/${i.toString(16).padStart(40, '0')}`,
      validAfterTime: '2026-01-01T00:00:00Z',
      validBeforeTime: i % 2 ? '9999-12-31T23:59:59Z' : '2027-01-01T00:00:00Z',
      keyAlgorithm: 'KEY_ALG_RSA_2048',
      keyOrigin: 'GOOGLE_PROVIDED',
      keyType: i % 10 === 0 ? 'SYSTEM_MANAGED' : 'USER_MANAGED',
    };
  });
  const bindings = [
    { role: 'roles/viewer', members: Array.from({ length: 200 }, (_, i) => `user:person${i}@example.com`) },
    { role: 'roles/editor', members: emails.slice(0, 50).map((e) => `serviceAccount:${e}`) },
  ];
  return {
    projectId,
    number,
    serviceAccounts,
    keys: keyList,
    policy: { version: 3, etag: 'BwY=', bindings },
    accountActivities: emails.map((e) => ({
      fullResourceName: `//iam.googleapis.com/projects/${projectId}/serviceAccounts/${e}`,
      activityType: 'serviceAccountLastAuthentication',
      activity: { lastAuthenticatedTime: '2026-11-01T07:00:00Z' },
    })),
    keyActivities: keyList.map((k) => ({
      fullResourceName: `//iam.googleapis.com/${k.name}`,
      activityType: 'serviceAccountKeyLastAuthentication',
      activity: { lastAuthenticatedTime: '2026-10-01T07:00:00Z' },
    })),
    pools: [
      {
        name: `projects/${number}/locations/global/workloadIdentityPools/github`,
        state: 'ACTIVE',
        providers: [{ name: `projects/${number}/locations/global/workloadIdentityPools/github/providers/gh`, state: 'ACTIVE', oidc: { issuerUri: 'https://token.actions.githubusercontent.com' } }],
      },
    ],
  };
}

async function main() {
  const args = process.argv.slice(2);
  const t = args.indexOf('--throttle');
  const throttle = t >= 0 ? Number(args.splice(t, 2)[1]) : 0;
  const [accounts = 500, keys = 1500] = args.map(Number);
  const project = generateProject('bench-project', accounts, keys);
  const server = await startGcpServer([project], { faults: throttle ? { failFirst: { 'keys.list': { status: 429, times: throttle } } } : {} });
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-gcp-bench-'));
  process.env[TOKEN_ENV] = TEST_TOKEN;
  try {
    const started = Date.now();
    const result = await collectGcp(out, {
      now: new Date().toISOString(),
      config: { projects: ['bench-project'], endpoints: { iam: server.url, cloudresourcemanager: server.url, policyanalyzer: server.url } },
      shared: {},
      progress: { step: () => undefined },
      stateDir: out,
    });
    const ms = Date.now() - started;
    console.log(`estate: 1 project, ${accounts} service accounts, ${keys} keys`);
    console.log(`HTTP requests served per call (incl. retries):`);
    for (const [route, n] of [...server.counts].sort()) console.log(`  ${route.padEnd(22)} ${String(n).padStart(6)}`);
    console.log(`  ${'total'.padEnd(22)} ${String(server.total()).padStart(6)}`);
    console.log(`logical calls counted by the collector: ${result.requests}`);
    console.log(`collected ${result.containers.join(' ')}; failed: ${result.failed.length}; ${ms} ms`);
  } finally {
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

await main();
