// What a live collect of a large GitHub org costs, and what an unchanged
// nightly re-collect costs of the rate limit (conditional requests: a 304
// is free on GitHub), against the local REST + GraphQL server.
//   node --import tsx test/bench/github-collect.ts [members repos teams]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectGithub } from '../../connectors/github/collect.js';
import type { GithubOrg } from '../helpers/estate-github.js';
import { startGithubServer } from '../servers/github-server.js';

function bigOrg(members: number, repos: number, teams: number): GithubOrg {
  const login = (i: number) => `member-${i}`;
  const ago = (days: number) => new Date(Date.parse('2026-11-20T02:00:00Z') - days * 86_400_000).toISOString();
  return {
    name: 'big',
    users: Array.from({ length: members }, (_, i) => ({ login: login(i), admin: i < 5, twoFactorOff: i % 97 === 0, saml: { nameId: `${login(i)}@example.com` } })),
    teams: Array.from({ length: teams }, (_, t) => ({
      slug: `team-${t}`,
      parent: t >= 10 ? `team-${t % 10}` : undefined,
      members: Array.from({ length: 20 }, (_, k) => login((t * 13 + k * 7) % members)),
    })),
    repos: Array.from({ length: repos }, (_, r) => ({
      name: `repo-${r}`,
      collaborators: [{ login: login(r % members), role: 'admin' as const }, { login: login((r * 3) % members), role: 'write' as const }],
      deployKeys: r % 3 === 0 ? [{ id: 100000 + r, created: ago(r % 400), addedBy: login(r % members), lastUsed: ago(r % 50) }] : [],
    })),
    installations: Array.from({ length: 12 }, (_, i) => ({ id: 7000 + i, slug: `app-${i}`, created: ago(100) })),
    tokens: Array.from({ length: 150 }, (_, i) => ({ grantId: 9000 + i, tokenId: 19000 + i, owner: login(i), granted: ago(i % 200), expiresAt: i % 4 ? ago(-30) : null, lastUsed: ago(i % 120) })),
    authorizations: Array.from({ length: 250 }, (_, i) => ({ credentialId: 29000 + i, login: login(i * 5), authorized: ago(i % 300), accessed: ago(i % 30), expires: null })),
    secrets: Array.from({ length: 40 }, (_, i) => ({ name: `SECRET_${i}`, created: ago(400), updated: ago(i * 5) })),
  };
}

async function main() {
  const [members = 2000, repos = 300, teams = 150] = process.argv.slice(2).map(Number);
  const server = await startGithubServer([bigOrg(members, repos, teams)]);
  const out = await mkdtemp(join(tmpdir(), 'driftgraph-gh-bench-'));
  const stateDir = join(out, 'state');
  const run = async (label: string) => {
    const before = { ...server.cost };
    const started = Date.now();
    const r = await collectGithub(join(out, label), { now: new Date().toISOString(), config: { orgs: ['big'], baseUrl: server.url }, shared: {}, progress: { step() {} }, stateDir }, { env: { GITHUB_TOKEN: 'bench-token' } });
    if (r.failed.length) throw new Error(r.failed.map((f) => f.error).join('; '));
    const rest = server.cost.rest - before.rest;
    const graphql = server.cost.graphql - before.graphql;
    console.log(`${label}: ${r.requests} requests (${rest} REST answered with a body, ${r.notModified} answered 304 Not Modified, ${graphql} GraphQL queries) in ${Date.now() - started} ms`);
    return { requests: r.requests, cost: rest + graphql };
  };
  console.log(`org: ${members} members, ${repos} repositories, ${teams} teams`);
  const first = await run('first collect');
  const again = await run('unchanged re-collect');
  const share = (100 * again.cost) / first.cost;
  console.log(`rate-limit cost: first ${first.cost}, re-collect ${again.cost} (${share.toFixed(1)} % of the first; goal <= 5 %)`);
  await server.close();
  await rm(out, { recursive: true, force: true });
  if (share > 5) process.exitCode = 1;
}

await main();
