// The secrets files as a scan reads them: AWS `secrets.json` and GCP
// `secrets.json` + `secret-versions/`. A broken file fails its own account or
// project only and names the file and the JSON path (never its content);
// AWS's day-granular LastAccessedDate and the API's epoch-second timestamps;
// what makes a secret provider-managed, inactive, or aged.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { awsConnector } from '../../connectors/aws/index.js';
import { checkSecrets } from '../../connectors/aws/secrets.js';
import { mapSecrets } from '../../connectors/aws/map-secrets.js';
import { gcpConnector } from '../../connectors/gcp/index.js';
import { emptyBatch } from '../../src/graph/records.js';
import { SourceError } from '../../src/util/errors.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const NOW = '2026-11-20T02:00:00Z';
const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function copyOf(source: 'aws' | 'gcp'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-secrets-snap-'));
  roots.push(root);
  await cp(join(DEMO, source), join(root, source), { recursive: true });
  return root;
}

const ctx = (snapshotDir: string) => ({ snapshotDir, now: NOW, config: undefined, shared: {}, progress: { step: () => {} } });
const secretsOf = (nodes: { props: Record<string, unknown> }[], source: string) => nodes.filter((n) => n.props.type === 'secret' && n.props.source === source);

test('AWS: a broken secrets.json fails its account only, naming the file and the path', async () => {
  const root = await copyOf('aws');
  // The sandbox account gets a secrets file whose one entry has a wrong type.
  const bad = [{ SecretList: [{ ARN: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:x-AbC123', Name: 'x', RotationEnabled: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' }] }];
  await writeFile(join(root, 'aws/222222222222/secrets.json'), JSON.stringify(bad));
  const load = await awsConnector.loadSnapshot(ctx(root));
  assert.deepEqual(load.containers, ['111111111111']);
  assert.equal(load.failed.length, 1);
  assert.equal(load.failed[0]!.container, '222222222222');
  assert.match(load.failed[0]!.error, /aws\/222222222222\/secrets\.json/);
  assert.match(load.failed[0]!.error, /\$\[0\]\.SecretList\[0\]\.RotationEnabled/);
  assert.ok(!load.failed[0]!.error.includes('sk_live'), 'the error never quotes the value');
  assert.equal(secretsOf(load.graph.nodes, 'aws').length, 16, 'the production account still loads its secrets');

  // Not JSON at all: the line is named.
  await writeFile(join(root, 'aws/222222222222/secrets.json'), '{"SecretList": [\n  {"ARN": oops}\n]}');
  const load2 = await awsConnector.loadSnapshot(ctx(root));
  assert.match(load2.failed[0]!.error, /aws\/222222222222\/secrets\.json.*line 2/);
});

test('AWS: entries are checked (account, ARN, duplicates), and API timestamps are read', () => {
  const file = 'aws/111111111111/secrets.json';
  const entry = (over: Record<string, unknown> = {}) => ({ ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbC123', Name: 'app/db', ...over });
  const fails = (json: unknown, path: RegExp) => {
    assert.throws(() => checkSecrets(json, file, '111111111111'), (e: unknown) => e instanceof SourceError && path.test(e.describe()) && e.describe().includes(file));
  };
  fails({ SecretList: [entry({ ARN: 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:app/db-AbC123' })] }, /\$\.SecretList\[0\]\.ARN.*not 111111111111/);
  fails({ SecretList: [entry({ ARN: 'arn:aws:iam::111111111111:role/x' })] }, /ARN is not a Secrets Manager secret ARN/);
  fails({ SecretList: [entry({ Name: undefined })] }, /\$\.SecretList\[0\]\.Name/);
  fails({ SecretList: [entry({ Name: 'app/db $(id)' })] }, /\$\.SecretList\[0\]\.Name: Name holds characters/);
  fails({ SecretList: [entry({ Name: 'app/other' })] }, /does not end with the secret's Name/);
  fails({ SecretList: [entry({ LastAccessedDate: 'yesterday' })] }, /LastAccessedDate/);
  fails([{ SecretList: [entry()] }, { SecretList: [entry({ Description: 'other' })] }], /two|twice|different/i);
  fails({ Secrets: [] }, /ListSecrets output/);
  // The same secret on two overlapping pages is one secret.
  assert.equal(checkSecrets([{ SecretList: [entry()] }, { SecretList: [entry()] }], file, '111111111111').length, 1);

  // The JSON API's epoch seconds, and the day-granular last read.
  const [s] = checkSecrets([entry({ CreatedDate: 1767261600.123, LastAccessedDate: 1763251200, OwningService: 'rds', DeletedDate: null })], file, '111111111111');
  assert.equal(s!.createdAt, '2026-01-01T10:00:00.123Z');
  assert.equal(s!.lastAccessedDay, '2025-11-16');
  const out = emptyBatch();
  mapSecrets('111111111111', [s!], out);
  const p = out.nodes[0]!.props;
  assert.equal(p.lastUsedAt, '2025-11-16T23:59:59.999Z', 'read as the end of the day it names');
  assert.equal(p.providerManaged, true);
  assert.equal(p.active, true);
  assert.deepEqual(p.catalogIds, [s!.arn, 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db']);
});

test('GCP: a broken versions file fails its project only, naming it; missing versions are unknown, not absent', async () => {
  const root = await copyOf('gcp');
  await cp(join(root, 'gcp/northwind-analytics'), join(root, 'gcp/northwind-staging'), { recursive: true });
  const staging = join(root, 'gcp/northwind-staging/secret-versions');
  await writeFile(join(staging, 'dbt-cloud-token.json'), JSON.stringify({ versions: [{ name: 'projects/407123456789/secrets/other/versions/1', state: 'ENABLED' }] }));
  const load = await gcpConnector.loadSnapshot(ctx(root));
  assert.deepEqual(load.containers, ['northwind-analytics']);
  assert.equal(load.failed[0]!.container, 'northwind-staging');
  assert.match(load.failed[0]!.error, /gcp\/northwind-staging\/secret-versions\/dbt-cloud-token\.json/);
  assert.match(load.failed[0]!.error, /another secret than dbt-cloud-token/);

  // Labels must be strings; the error names the field, not the value.
  const secretsFile = join(root, 'gcp/northwind-staging/secrets.json');
  const doc = JSON.parse(await readFile(secretsFile, 'utf8'));
  doc.secrets[1].labels.owner = 42;
  await writeFile(secretsFile, JSON.stringify(doc));
  await rm(join(staging, 'dbt-cloud-token.json'));
  const load2 = await gcpConnector.loadSnapshot(ctx(root));
  assert.match(load2.failed[0]!.error, /secrets\.json.*\$\.secrets\[1\]\.labels.*not a string/);

  // Without a versions file a secret is taken as active (unknown), and a warning says so.
  doc.secrets[1].labels.owner = 'data';
  await writeFile(secretsFile, JSON.stringify(doc));
  await rm(join(staging, 'looker-db-password.json'));
  await mkdir(join(staging, 'nested'), { recursive: true });
  const load3 = await gcpConnector.loadSnapshot(ctx(root));
  assert.deepEqual(load3.failed, []);
  const staged = secretsOf(load3.graph.nodes, 'gcp').filter((n) => n.props.container === 'northwind-staging');
  const looker = staged.find((n) => n.props.secretId === 'looker-db-password')!.props;
  assert.deepEqual([looker.active, looker.versionsKnown, looker.enabledVersions], [true, false, []]);
  assert.ok(load3.warnings.some((w) => /northwind-staging\/secret-versions\/: no versions file for 2 secret\(s\)/.test(w)));
  const fernet = staged.find((n) => n.props.secretId === 'old-airflow-fernet')!.props;
  assert.equal(fernet.active, false, 'no enabled version: not active');
  const token = staged.find((n) => n.props.secretId === 'warehouse-service-token')!.props;
  assert.deepEqual([token.rotatedAt, token.maxAgeApplies, token.usageReported], ['2025-12-01T09:00:00.000Z', true, false]);
});

test('the providers\' published forms map (test/fixtures/secrets/README.md says where each comes from)', async () => {
  const fixture = async (f: string) => JSON.parse(await readFile(fileURLToPath(new URL(`../fixtures/secrets/${f}`, import.meta.url)), 'utf8'));
  const api = checkSecrets(await fixture('aws-list-secrets-api.json'), 'aws/123456789012/secrets.json', '123456789012');
  assert.deepEqual(api.map((s) => [s.name, s.lastChangedAt, s.lastAccessedDay, s.rotationEnabled, s.rotationDays]), [
    ['MyTestDatabaseSecret', '2018-04-11T20:05:45.729Z', null, false, null],
    ['MyTestDatabaseSecret1', '2018-04-11T21:27:05.685Z', '2018-04-11', true, 30],
  ]);
  const [rds] = checkSecrets(await fixture('aws-list-secrets-cli.json'), 'aws/123456789012/secrets.json', '123456789012');
  // The CLI prints local time: 16:00-08:00 is midnight UTC of the 19th, the day AWS recorded.
  assert.deepEqual([rds!.lastAccessedDay, rds!.owningService, rds!.region, rds!.createdAt], ['2026-11-19', 'rds', 'us-west-2', '2025-02-03T17:12:45.113Z']);

  const root = await mkdtemp(join(tmpdir(), 'driftgraph-secrets-fixture-'));
  roots.push(root);
  const dir = join(root, 'gcp', 'my-project');
  await mkdir(join(dir, 'secret-versions'), { recursive: true });
  await writeFile(join(dir, 'secrets.json'), JSON.stringify(await fixture('gcp-secrets.json')));
  await writeFile(join(dir, 'secret-versions', 'my-secret.json'), JSON.stringify(await fixture('gcp-secret-versions.json')));
  const load = await gcpConnector.loadSnapshot(ctx(root));
  assert.deepEqual(load.failed, []);
  const p = secretsOf(load.graph.nodes, 'gcp')[0]!.props;
  assert.deepEqual(
    [p.nativeId, p.active, p.enabledVersions, p.rotatedAt, p.maxAgeApplies, p.ownerValues, p.ownerMethods, p.tags],
    ['projects/123456789012/secrets/my-secret', true, ['2'], '2026-10-01T08:00:03.118Z', false, ['payments'], ['gcp-label:owner'], ['owner=payments', 'env=prod']],
  );
});
