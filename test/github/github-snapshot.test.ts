// The offline path: github/<org>/ files exactly as GitHub returns them
// (checked against GitHub's OpenAPI description), read and mapped purely;
// the forms "What real files look like" names; a broken file fails its org
// alone with the file and line or JSON path.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { loadGithubSnapshot } from '../../connectors/github/index.js';
import { mapOrg } from '../../connectors/github/map.js';
import { readOrgSnapshot } from '../../connectors/github/read-org.js';
import { githubFiles, type GithubOrg } from '../helpers/estate-github.js';
import { validateFile } from '../helpers/github-openapi.js';
import { acme, NOW } from './estate.js';

async function writeOrgs(orgs: GithubOrg[], extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-gh-'));
  const files = Object.assign({}, ...orgs.map(githubFiles), extra) as Record<string, string>;
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}

const load = (snapshotDir: string) =>
  loadGithubSnapshot({ snapshotDir, now: NOW, config: undefined, shared: {}, progress: { step() {} } });

const node = (batch: Awaited<ReturnType<typeof load>>['graph'], key: string) => {
  const n = batch.nodes.find((x) => x.key === key);
  assert.ok(n, `node ${key}`);
  return n.props;
};

describe('GitHub snapshot files', () => {
  it('the test org\'s files are valid responses of their GitHub endpoints (OpenAPI)', () => {
    for (const org of [acme(), { ...acme(), pagedWrappers: true }]) {
      for (const [rel, text] of Object.entries(githubFiles(org))) {
        const name = rel.split('/').slice(2).join('/');
        assert.deepEqual(validateFile(name, JSON.parse(text)).slice(0, 3), [], rel);
      }
    }
  });

  it('the validator is not a rubber stamp: a member without login or a string id is rejected', () => {
    assert.notDeepEqual(validateFile('members.json', [{ id: 1 }]), []);
    const key = JSON.parse(githubFiles(acme())['github/acme/deploy-keys/api.json']!);
    key[0].id = '9001';
    assert.notDeepEqual(validateFile('deploy-keys/api.json', key), []);
  });

  it('maps accounts, teams, credentials and installations with instants in one form', async () => {
    const dir = await writeOrgs([acme()]);
    const load1 = await load(dir);
    assert.deepEqual(load1.containers, ['acme']);
    assert.deepEqual(load1.failed, []);
    const g = load1.graph;
    const ana = node(g, 'github:acme:user:ana');
    assert.equal(ana.privileged, true);
    assert.deepEqual(ana.privilegeReasons, ['org admin']);
    assert.deepEqual(ana.linkValues, ['email:ana@example.com']);
    assert.deepEqual(ana.linkMethods, ['saml']);
    assert.equal(node(g, 'github:acme:user:cara').twoFactorDisabled, true);
    assert.deepEqual(node(g, 'github:acme:user:cara').linkValues, ['email:cara@example.com']);
    assert.equal(node(g, 'github:acme:user:ext-contractor').membership, 'outside collaborator');
    // -07:00 in the file, Z in the graph, same instant.
    const key = node(g, 'github:acme:deploy-key:9001');
    assert.equal(key.createdAt, new Date(Date.parse(NOW) - 400 * 86_400_000).toISOString());
    assert.equal(key.catalogId, 'github-deploy-key:api/9001');
    assert.deepEqual(key.ownerValues, ['github:bob']);
    assert.equal(node(g, 'github:acme:deploy-key:9003').active, false);
    assert.equal(node(g, 'github:acme:personal-access-token:7002').active, false);
    assert.equal(node(g, 'github:acme:personal-access-token:7003').noExpiry, true);
    assert.equal(node(g, 'github:acme:credential-authorization:8002').noExpiry, false, 'SSH keys have no expiry to miss');
    assert.equal(node(g, 'github:acme:secret:OLD_TOKEN').usageReported, false);
    assert.equal(node(g, 'github:acme:secret:OLD_TOKEN').catalogId, 'github-secret:acme/OLD_TOKEN');
    assert.equal(node(g, 'github:acme:app-installation:557').active, false);
    assert.equal(node(g, 'github:acme:app-installation:555').catalogId, 'github-app:deploy-bot');
    assert.equal(node(g, 'github:acme:team:payments').entitlementId, 'acme/payments');
    const holds = (login: string) => g.edges.filter((e) => e.type === 'HOLDS' && e.from === `github:acme:user:${login}`).map((e) => e.to).sort();
    assert.deepEqual(holds('p2'), ['github:acme:team:payments', 'github:acme:team:payments-oncall'], 'nested team members hold the parent');
    const auth = g.edges.filter((e) => e.type === 'AUTHENTICATES_AS' && e.to === 'github:acme:user:bob').map((e) => e.from).sort();
    assert.deepEqual(auth, ['github:acme:credential-authorization:8001', 'github:acme:personal-access-token:7001', 'github:acme:personal-access-token:7002']);
    for (const n of g.nodes) {
      for (const [k, v] of Object.entries(n.props)) {
        if (/At$/.test(k) && v !== null && v !== undefined) assert.match(String(v), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, `${n.key}.${k}`);
      }
    }
  });

  it('reads wrapped files as one object or as an array of pages, with the same result', async () => {
    const one = mapOrg(await readOrgSnapshot(join(await writeOrgs([acme()]), 'github'), 'acme'));
    const paged = mapOrg(await readOrgSnapshot(join(await writeOrgs([{ ...acme(), pagedWrappers: true }]), 'github'), 'acme'));
    const keys = (g: typeof one.graph) => g.nodes.map((n) => n.key).sort();
    assert.deepEqual(keys(paged.graph), keys(one.graph));
    assert.ok(keys(one.graph).includes('github:acme:secret:NEW_TOKEN'));
  });

  it('audit-log epoch milliseconds give use; without the file, use is not reported', async () => {
    const withLog = mapOrg(await readOrgSnapshot(join(await writeOrgs([acme()]), 'github'), 'acme')).graph;
    const cara = withLog.nodes.find((n) => n.key === 'github:acme:user:cara')!.props;
    assert.equal(cara.usageReported, true);
    assert.equal(cara.lastUsedAt, new Date(Date.parse(NOW) - 120 * 86_400_000).toISOString());
    const noLog = mapOrg(await readOrgSnapshot(join(await writeOrgs([{ ...acme(), auditLog: undefined }]), 'github'), 'acme')).graph;
    assert.equal(noLog.nodes.find((n) => n.key === 'github:acme:user:cara')!.props.usageReported, false);
  });

  it('a broken file fails only its org, naming the file and line or JSON path, never its content', async () => {
    const broken: GithubOrg = { name: 'broken', users: [{ login: 'x' }] };
    const badDate: GithubOrg = { name: 'baddate', users: [{ login: 'y' }], repos: [{ name: 'r', deployKeys: [{ id: 1, created: NOW }] }] };
    const dir = await writeOrgs([acme(), broken, badDate], {
      'github/broken/members.json': '[\n  {"login": "x"},\n  {"login": SECRETVALUE}\n]',
    });
    const keysFile = join(dir, 'github/baddate/deploy-keys/r.json');
    const keys = JSON.parse(await readFile(keysFile, 'utf8'));
    keys[0].created_at = '2026-02-30T10:00:00Z';
    await writeFile(keysFile, JSON.stringify(keys));
    const result = await load(dir);
    assert.deepEqual(result.containers, ['acme']);
    const byOrg = Object.fromEntries(result.failed.map((f) => [f.container, f.error]));
    assert.match(byOrg.broken!, /github\/broken\/members\.json line 3/);
    assert.doesNotMatch(byOrg.broken!, /SECRETVALUE/);
    assert.match(byOrg.baddate!, /github\/baddate\/deploy-keys\/r\.json at \$\[0\]\.created_at/);
    assert.ok(result.graph.nodes.every((n) => n.props.container === 'acme'), 'nothing of a failed org is loaded');
  });

  it('an org folder without members.json fails; absent optional files are warnings', async () => {
    const dir = await writeOrgs([acme()]);
    await mkdir(join(dir, 'github/empty'));
    const result = await load(dir);
    assert.match(result.failed.find((f) => f.container === 'empty')!.error, /members\.json.*needs members\.json/);
    const files = await readdir(join(dir, 'github/acme'));
    assert.ok(files.includes('members.json'));
  });
});
