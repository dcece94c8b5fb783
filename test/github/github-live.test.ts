// The live path with the real Octokit (throttling, retry, paginate, GraphQL)
// against a local server speaking GitHub's REST and GraphQL: Link pages,
// a secondary rate limit honoured, a 502 retried, a plan-gated 404 skipped
// with a warning, a 5xx org failing alone; the files written map to the same
// graph as the fixture they were served from; a re-collect of an unchanged
// org is answered by 304s; App installation auth.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { collectGithub } from '../../connectors/github/collect.js';
import type { GithubConfig } from '../../connectors/github/config.js';
import { mapOrg } from '../../connectors/github/map.js';
import { readOrgSnapshot } from '../../connectors/github/read-org.js';
import { writeEstate, type GithubOrg } from '../helpers/estate.js';
import { startGithubServer, INSTALLATION_TOKEN, type GithubServer } from '../servers/github-server.js';
import { acme, NOW } from './estate.js';

const TOKEN = 'ghp_testTokenThatMustNeverBeWritten0000';
const FAST = { retryAfterBaseValue: 50 };

/** acme with enough members for three pages of 100, and no SAML authorizations (the server gates them). */
function liveOrg(): GithubOrg {
  const org = acme();
  for (let i = 0; i < 230; i++) org.users.push({ login: `member-${i}`, saml: { nameId: `member-${i}@example.com` } });
  return org;
}

async function collect(server: GithubServer, outDir: string, stateDir: string, config: Partial<GithubConfig> = {}, env: NodeJS.ProcessEnv = { GITHUB_TOKEN: TOKEN }) {
  const warnings: string[] = [];
  const result = await collectGithub(
    outDir,
    { now: NOW, config: { orgs: ['acme'], baseUrl: server.url, auditLogDays: 365, ...config }, shared: {}, progress: { step: (m) => warnings.push(m) }, stateDir },
    { tuning: FAST, env },
  );
  return { ...result, outDir, progressLines: warnings };
}

const graphOf = async (githubDir: string, org: string) => {
  const g = mapOrg(await readOrgSnapshot(githubDir, org)).graph;
  return { nodes: [...g.nodes].sort((a, b) => a.key.localeCompare(b.key)), edges: g.edges.map((e) => `${e.type} ${e.from} ${e.to}`).sort() };
};

async function allFiles(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(names.filter((n) => n.isFile()).map((n) => readFile(join(n.parentPath, n.name), 'utf8')));
  return texts.join('\n');
}

describe('GitHub live collect', () => {
  let server: GithubServer;
  const lines = () => server.log.map((l) => l.line);
  before(async () => {
    server = await startGithubServer([liveOrg(), { name: 'beta', users: [{ login: 'z' }] }], { graphqlPageSize: 100 });
  });
  after(async () => server.close());
  afterEach(() => {
    server.faults.length = 0;
  });

  it('collects every page, honours retry-after, retries a 502, skips a plan-gated endpoint, fails a 5xx org alone', async () => {
    server.faults.push(
      { match: /^GET \/orgs\/acme\/outside_collaborators/, status: 403, times: 1, retryAfter: 2, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      { match: /^GET \/orgs\/acme\/repos/, status: 502, times: 1, message: 'Bad Gateway' },
      { match: /^GET \/orgs\/acme\/credential-authorizations/, status: 404, times: Infinity, message: 'Not Found' },
      { match: /^GET \/orgs\/beta\/teams/, status: 500, times: Infinity },
    );
    const out = await mkdtemp(join(tmpdir(), 'gh-live-'));
    const state = await mkdtemp(join(tmpdir(), 'gh-state-'));
    const r = await collect(server, out, state, { orgs: ['acme', 'beta'] });
    assert.deepEqual(r.containers, ['acme']);
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.container, 'beta');
    assert.match(r.failed[0]!.error, /GET \/orgs\/\{org\}\/teams.*status 500/);
    assert.deepEqual(await readdir(join(out, 'github')), ['acme'], 'no folder for the failed org');
    assert.ok(r.warnings.some((w) => /credential-authorizations\.json skipped: .*404.*SAML single sign-on/.test(w)), r.warnings.join('\n'));

    // Link pages followed.
    assert.ok(lines().some((l) => /^GET \/orgs\/acme\/members\?.*page=3.* -> 200$/.test(l)), 'members page 3');
    // The throttling plugin waited retry-after (2 "seconds" of 50 ms) before asking again.
    const oc = server.log.filter((l) => l.line.startsWith('GET /orgs/acme/outside_collaborators'));
    assert.deepEqual(oc.map((l) => l.line.split(' -> ')[1]), ['403', '200']);
    assert.ok(oc[1]!.at - oc[0]!.at >= 95, `waited ${oc[1]!.at - oc[0]!.at} ms`);
    const repos = lines().filter((l) => l.startsWith('GET /orgs/acme/repos'));
    assert.deepEqual(repos.map((l) => l.split(' -> ')[1]), ['502', '200']);
    // A plan-gated 404 is asked once, not retried; a 500 is retried (3 retries) before the org fails.
    assert.equal(lines().filter((l) => l.startsWith('GET /orgs/acme/credential-authorizations')).length, 1);
    assert.equal(lines().filter((l) => l.startsWith('GET /orgs/beta/teams')).length, 4);
    assert.deepEqual(server.schemaErrors, []);

    // What it wrote maps to the same graph as the files it was served from.
    const fixture = await writeEstate({ collectedAt: NOW, github: [{ ...liveOrg(), authorizations: undefined }] });
    assert.deepEqual(await graphOf(join(out, 'github'), 'acme'), await graphOf(join(fixture, 'github'), 'acme'));
    const members = JSON.parse(await readFile(join(out, 'github/acme/members.json'), 'utf8'));
    assert.equal(members.length, liveOrg().users.filter((u) => !u.outside).length);
    const installations = JSON.parse(await readFile(join(out, 'github/acme/installations.json'), 'utf8'));
    assert.equal(installations.total_count, 4);

    // No credential reaches the snapshot or the state folder.
    assert.doesNotMatch(await allFiles(out), new RegExp(TOKEN));
    assert.doesNotMatch(await allFiles(state), new RegExp(TOKEN));
  });

  it('re-collects an unchanged org with 304s only (no REST rate limit), and sees a change', async () => {
    const state = await mkdtemp(join(tmpdir(), 'gh-state-'));
    const first = await collect(server, await mkdtemp(join(tmpdir(), 'gh-1-')), state);
    // Authorizations were served with token_last_eight: no part of a token reaches a file.
    assert.ok(lines().some((l) => /credential-authorizations.* -> 200$/.test(l)));
    assert.doesNotMatch(await allFiles(first.outDir), /Zq8last8|token_last_eight/);
    assert.doesNotMatch(await allFiles(state), /Zq8last8|token_last_eight/);
    const before = { ...server.cost };
    const outAgain = await mkdtemp(join(tmpdir(), 'gh-2-'));
    const mark = server.log.length;
    const again = await collect(server, outAgain, state);
    const charged = server.log.slice(mark).map((l) => l.line).filter((l) => !l.endsWith('-> 304') && !l.startsWith('POST /graphql'));
    assert.deepEqual(charged, [], 'every REST answer was a 304');
    assert.equal(again.requests, first.requests, 'the same requests');
    assert.equal(server.cost.rest - before.rest, 0, 'every REST answer was a 304');
    assert.equal(again.fetched, 0);
    assert.equal(again.notModified, first.fetched);
    assert.deepEqual(await graphOf(join(outAgain, 'github'), 'acme'), await graphOf(join(first.outDir, 'github'), 'acme'));

    const changed = liveOrg();
    changed.repos![0]!.deployKeys!.push({ id: 9100, title: 'new-key', created: NOW, addedBy: 'ana' });
    server.setOrg(changed);
    const out3 = await mkdtemp(join(tmpdir(), 'gh-3-'));
    const third = await collect(server, out3, state);
    assert.equal(third.fetched, 1, 'only the changed list is fetched');
    const keys = JSON.parse(await readFile(join(out3, 'github/acme/deploy-keys/api.json'), 'utf8')) as { id: number }[];
    assert.ok(keys.some((k) => k.id === 9100));
    server.setOrg(liveOrg());
  });

  it('authenticates as a GitHub App installation (the only way to list fine-grained tokens)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    server.tokens.clear();
    const out = await mkdtemp(join(tmpdir(), 'gh-app-'));
    const r = await collect(server, out, await mkdtemp(join(tmpdir(), 'gh-state-')), { app: { appId: 1 } }, { GITHUB_APP_PRIVATE_KEY: privateKey });
    assert.deepEqual(r.failed, []);
    assert.ok(server.tokens.has(INSTALLATION_TOKEN), 'lists were read with the installation token');
    assert.doesNotMatch(await allFiles(out), new RegExp(INSTALLATION_TOKEN));
    const tokens = JSON.parse(await readFile(join(out, 'github/acme/personal-access-tokens.json'), 'utf8'));
    assert.equal(tokens.length, 5);
  });
});
