// Odd files the fuzzing proof's scans found read as "empty" or matched to no
// one, each resolving findings on an exit-0 scan (`npm run proof:fuzz --
// --scans`). In process, one source loaded over its own copy of the demo
// estate: the failure names the file, or the data keeps its meaning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '../../connectors/index.js';
import type { SourceLoad } from '../../src/sources/connector.js';
import { silentProgress } from '../../src/util/progress.js';
import { tempDir } from '../helpers/cli.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

/** A copy of the demo estate's folder for `source`, changed by `change`, loaded by its connector. */
async function load(source: string, change: (snap: string) => void): Promise<SourceLoad> {
  const snap = tempDir('driftgraph-fuzz-found-');
  cpSync(join(DEMO, source), join(snap, source), { recursive: true });
  cpSync(join(DEMO, 'manifest.json'), join(snap, 'manifest.json'));
  change(snap);
  const connector = registry.find((c) => c.source === source)!;
  return connector.loadSnapshot({ snapshotDir: snap, now: '2026-11-20T02:00:00.000Z', config: undefined, shared: {}, progress: silentProgress });
}

test('a catalog descriptor with no document at all (empty, blank lines, a lone ---) fails the catalog, naming the file', async () => {
  for (const text of ['', '\r\n\r\n', '# only a comment\n', '---\n']) {
    const r = await load('catalog', (snap) => writeFileSync(join(snap, 'catalog', 'gcp.yaml'), text));
    assert.equal(r.failed.length, 1, JSON.stringify(text));
    assert.match(r.failed[0]!.error, /catalog\/gcp\.yaml line 1: holds no descriptor/);
  }
});

test('Kubernetes annotations: null (never written by the API) fails the cluster instead of dropping the workload identity', async () => {
  const r = await load('kubernetes', (snap) => {
    const file = join(snap, 'kubernetes', 'gke-analytics', 'service-accounts.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const sa = json.items.find((i: any) => i.metadata.annotations?.['iam.gke.io/gcp-service-account']);
    sa.metadata.annotations = null;
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(r.failed.map((f) => f.container), ['gke-analytics']);
  assert.match(r.failed[0]!.error, /service-accounts\.json.*metadata\.annotations: is null, expected a map of strings/);
});

test('GitHub: a 2FA-disabled or admin entry matches the member by id, so a login that differs does not clear the flag', async () => {
  const r = await load('github', (snap) => {
    for (const name of ['members-2fa-disabled.json', 'admins.json']) {
      const file = join(snap, 'github', 'northwind-robotics', name);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      json[0].login = 'None';
      writeFileSync(file, JSON.stringify(json));
    }
  });
  assert.deepEqual(r.failed, []);
  const byLogin = (login: string) => r.graph.nodes.find((n) => n.label === 'Identity' && n.props.login === login)!;
  const demo = (name: string) => JSON.parse(readFileSync(join(DEMO, 'github', 'northwind-robotics', name), 'utf8'))[0].login as string;
  assert.equal(byLogin(demo('members-2fa-disabled.json')).props.twoFactorDisabled, true);
  assert.equal(byLogin(demo('admins.json')).props.orgAdmin, true);
});

test('a catalog document with its apiVersion misspelled, or a Backstage kind under another apiVersion, fails the catalog', async () => {
  for (const [change, why] of [
    [(t: string) => t.replace('apiVersion:', 'apiVerIion:'), /catalog\/entra\.yaml line \d+.*: the document has no apiVersion/],
    [(t: string) => t.replace('backstage.io/v1alpha1', 'backstag0.io/v1alpha1'), /catalog\/entra\.yaml line \d+.*: a Backstage kind \(Component\) whose apiVersion is not backstage\.io/],
  ] as const) {
    const r = await load('catalog', (snap) => {
      const file = join(snap, 'catalog', 'entra.yaml');
      writeFileSync(file, change(readFileSync(file, 'utf8')));
    });
    assert.equal(r.failed.length, 1);
    assert.match(r.failed[0]!.error, why);
  }
});

test('AWS: an access key or an ARN listed twice with different content fails the account naming the file and both places', async () => {
  const keys = await load('aws', (snap) => {
    const file = join(snap, 'aws', '111111111111', 'access-keys.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.push({ ...json[0], Status: json[0].Status === 'Active' ? 'Inactive' : 'Active' });
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(keys.failed.map((f) => f.container), ['111111111111']);
  assert.match(keys.failed[0]!.error, /aws\/111111111111\/access-keys\.json at \$\[\d+\]: the same id as \$\[0\], with different content/);
  const roles = await load('aws', (snap) => {
    const file = join(snap, 'aws', '222222222222', 'account-authorization-details.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.RoleDetailList.push({ ...json.RoleDetailList[0], Path: '/other/' });
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(roles.failed.map((f) => f.container), ['222222222222']);
  assert.match(roles.failed[0]!.error, /account-authorization-details\.json at \$\.RoleDetailList\[\d+\]: the same id as \$\.RoleDetailList\[0\]/);
});

test('a byte that is not UTF-8 inside a name fails the file with its line, instead of reading another name', async () => {
  const github = await load('github', (snap) => {
    const file = join(snap, 'github', 'northwind-robotics', 'outside-collaborators.json');
    const text = readFileSync(file);
    const at = text.indexOf('"login": "') + 11;
    writeFileSync(file, Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]));
  });
  assert.deepEqual(github.failed.map((f) => f.container), ['northwind-robotics']);
  assert.match(github.failed[0]!.error, /outside-collaborators\.json line 3: not valid UTF-8 text/);
  const catalog = await load('catalog', (snap) => {
    const file = join(snap, 'catalog', 'entra.yaml');
    // A UTF-16 surrogate encoded as UTF-8: a sequence no UTF-8 decoder accepts.
    const raw = readFileSync(file);
    const at = raw.indexOf('owner: ') + 7;
    writeFileSync(file, Buffer.concat([raw.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), raw.subarray(at)]));
  });
  assert.equal(catalog.failed.length, 1);
  assert.match(catalog.failed[0]!.error, /catalog\/entra\.yaml line \d+: not valid UTF-8 text/);
});

test('GitHub: a login that no GitHub account can have (N/A, a blank) fails the org naming the place', async () => {
  for (const login of ['N/A', ' ', 'a b']) {
    const r = await load('github', (snap) => {
      const file = join(snap, 'github', 'northwind-robotics', 'outside-collaborators.json');
      const json = JSON.parse(readFileSync(file, 'utf8'));
      json[0].login = login;
      writeFileSync(file, JSON.stringify(json));
    });
    assert.deepEqual(r.failed.map((f) => f.container), ['northwind-robotics'], login);
    assert.match(r.failed[0]!.error, /outside-collaborators\.json at \$\[0\]\.login: not a GitHub login/);
  }
});

test('AWS credential report: a root row whose user cell is damaged, or a user cell with no value, fails the account', async () => {
  for (const [from, to] of [['<root_account>', 'no_information'], ['<root_account>', 'rootx']] as const) {
    const r = await load('aws', (snap) => {
      const file = join(snap, 'aws', '222222222222', 'credential-report.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
    });
    assert.deepEqual(r.failed.map((f) => f.container), ['222222222222'], to);
    assert.match(r.failed[0]!.error, /credential-report\.csv line 2: column user: (no value|does not agree with the arn column)/);
  }
});

test('GitHub: a secret or a credential authorization listed twice with different content names the file and both places', async () => {
  for (const [name, list] of [['actions-secrets.json', (j: any) => j.secrets], ['credential-authorizations.json', (j: any) => j]] as const) {
    const r = await load('github', (snap) => {
      const file = join(snap, 'github', 'northwind-robotics', name);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      const items = list(json);
      items.push({ ...items[0], created_at: '2020-01-01T00:00:00Z', credential_authorized_at: '2020-01-01T00:00:00Z' });
      writeFileSync(file, JSON.stringify(json));
    });
    assert.deepEqual(r.failed.map((f) => f.container), ['northwind-robotics'], name);
    assert.match(r.failed[0]!.error, new RegExp(`${name.replace('.', '\\.')} at .*: the same id as`));
  }
});

test('a catalog document with a key no entity has (sp-c: for spec:), or a folder named like a descriptor, fails the catalog', async () => {
  const key = await load('catalog', (snap) => {
    const file = join(snap, 'catalog', 'secrets.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^spec:$/m, 'sp-c:'));
  });
  assert.equal(key.failed.length, 1);
  assert.match(key.failed[0]!.error, /catalog\/secrets\.yaml line \d+: the document has a key a Backstage entity does not have/);
  const folder = await load('catalog', (snap) => {
    rmSync(join(snap, 'catalog', 'ai.yaml'));
    mkdirSync(join(snap, 'catalog', 'ai.yaml'));
  });
  assert.equal(folder.failed.length, 1);
  assert.match(folder.failed[0]!.error, /catalog\/ai\.yaml: not a regular file \(a folder\)/);
});

test('GCP secret annotations: null (Google leaves an empty map out) fails the project', async () => {
  const r = await load('gcp', (snap) => {
    const file = join(snap, 'gcp', 'northwind-analytics', 'secrets.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.secrets.find((s: any) => s.annotations).annotations = null;
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(r.failed.map((f) => f.container), ['northwind-analytics']);
  assert.match(r.failed[0]!.error, /secrets\.json at .*annotations: annotations is null/);
});

test('an OpenAI key without created_at, or a GitHub secret named N/A, fails its container', async () => {
  const ai = await load('ai', (snap) => {
    const file = join(snap, 'ai', 'openai', 'northwind', 'admin-api-keys.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json[0].created_at = null;
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(ai.failed.map((f) => f.container), ['openai/northwind']);
  assert.match(ai.failed[0]!.error, /admin-api-keys\.json at \$\[0\]\.created_at: no value/);
  const github = await load('github', (snap) => {
    const file = join(snap, 'github', 'northwind-robotics', 'actions-secrets.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.secrets[0].name = 'N/A';
    writeFileSync(file, JSON.stringify(json));
  });
  assert.deepEqual(github.failed.map((f) => f.container), ['northwind-robotics']);
  assert.match(github.failed[0]!.error, /actions-secrets\.json at \$\.secrets\[0\]\.name: not a secret name/);
});
