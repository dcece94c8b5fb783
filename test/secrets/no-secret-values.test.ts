// No secret value ever lands: secret-looking values are planted in every
// field ListSecrets, secrets.list and versions.list could echo (and in the
// value fields GetSecretValue and versions.access would have, pasted into a
// file by mistake), then one scan, the findings and the drift report run in
// this process. None of the planted values may appear in the store's files,
// the findings, the report files or anything the scan reported (its steps,
// warnings and errors). Identifiers (ARN, name) are the provider's own and
// are shown as they are.
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registry } from '../../connectors/index.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { runReportJob } from '../../reports/run-report-job.js';

const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const ACCOUNT = '333333333333';

// One of each shape secrets come in; each appears once in the input.
const T = {
  description: 'ghp_R4nd0mT0k3nV4lu3ThatIsLongEnough1234',
  tagToken: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF',
  tagBearer: 'eyJhbGciOiJIUzI1NiJ9.tok3nInATagValue0123456789abc',
  ownerTag: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
  kms: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  schedule: 'xoxb-123456789012-abcdefghijABCDEFGHIJ',
  versionStage: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  secretString: 'Hunter2-Correct-Horse-Battery-Staple-0001',
  secretBinary: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  owningService: 'Zq8xV2mN4pL7kR1tY6wB3cD9fG5hJ0sA',
  primaryRegion: 'Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op7Qr9St1Uv',
  external: 'SSWS 00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  labelOwner: 'c0ffee00deadbeef1234567890abcdef12345678',
  labelKey: 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW',
  annotationOwner: 'Pq9Rs8Tu7Vw6Xy5Za4Bc3De2Fg1Hi0Jk',
  annotationNote: 'rk_live_9a8b7c6d5e4f3g2h1i0jKLMN',
  annotationToken: 'ghp_An0th3rT0k3nInAnAnnotation56789012',
  topic: 'ghs_T0p1cN4m3W1thAT0k3nInside0123456789',
  etag: 'Vx9Wy8Zz7Aa6Bb5Cc4Dd3Ee2Ff1Gg0Hh',
  alias: 'ghu_Al1asK3yTh4tL00ksL1k3AT0k3n012345',
  cmek: 'ghr_Cm3kK3yN4m3Th4tL00ksS3cr3t01234567',
  payload: 'cGxhbnRlZC1wYXlsb2FkLTlmOGU3ZDZjNWI0YS0wMDAx',
  versionEtag: 'Ii1Jj2Kk3Ll4Mm5Nn6Oo7Pp8Qq9Rr0Ss',
  rotationPeriod: 'Tt1Uu2Vv3Ww4Xx5Yy6Zz7Aa8Bb9Cc0Dd',
};
/** The secret part of each token (after `SSWS `). */
const planted = Object.values(T).map((t) => t.split(' ').pop()!);

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function filesText(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push((await readFile(join(e.parentPath, e.name))).toString('latin1'));
  }
  return out;
}

async function plantedSnapshot(root: string): Promise<string> {
  const snap = join(root, 'snap');
  for (const f of ['hr', 'catalog', 'manifest.json']) await cp(join(DEMO, f), join(snap, f), { recursive: true });
  const acct = join(snap, 'aws', ACCOUNT);
  await mkdir(acct, { recursive: true });
  await writeFile(join(acct, 'account-authorization-details.json'), JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] }));
  const arn = (n: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${n}-AbC123`;
  await writeFile(join(acct, 'secrets.json'), JSON.stringify({
    SecretList: [
      {
        ARN: arn('prod/ftp'), Name: 'prod/ftp', Description: `legacy ftp, token ${T.description}`,
        KmsKeyId: T.kms, RotationEnabled: false, RotationRules: { ScheduleExpression: T.schedule },
        CreatedDate: '2025-01-01T00:00:00Z', LastChangedDate: '2025-01-01T00:00:00Z',
        Tags: [{ Key: 'api-token', Value: T.tagToken }, { Key: 'note', Value: `Authorization: Bearer ${T.tagBearer}` }, { Key: 'owner', Value: T.ownerTag }],
        SecretVersionsToStages: { [T.versionStage]: ['AWSCURRENT'] },
        // What GetSecretValue returns, pasted in by mistake.
        SecretString: T.secretString, SecretBinary: T.secretBinary,
        ExternalSecretRotationMetadata: [{ Key: 'token', Value: T.external }],
      },
      { ARN: arn('rds!db-1'), Name: 'rds!db-1', OwningService: T.owningService, PrimaryRegion: T.primaryRegion, CreatedDate: '2025-01-01T00:00:00Z' },
    ],
  }));
  const project = join(snap, 'gcp', 'planted-project');
  await mkdir(join(project, 'secret-versions'), { recursive: true });
  const name = 'projects/123456789012/secrets/looker-db';
  await writeFile(join(project, 'secrets.json'), JSON.stringify({
    secrets: [{
      name, createTime: '2025-01-01T00:00:00Z', etag: T.etag,
      labels: { owner: T.labelOwner, 'api-key': T.labelKey },
      annotations: { owner: T.annotationOwner, note: `rotate with ${T.annotationNote}`, 'deploy-token': T.annotationToken },
      topics: [{ name: T.topic }], versionAliases: { [T.alias]: '1' },
      customerManagedEncryption: { kmsKeyName: T.cmek }, replication: { automatic: {} },
    }],
  }));
  await writeFile(join(project, 'secret-versions', 'looker-db.json'), JSON.stringify({
    versions: [{ name: `${name}/versions/1`, createTime: '2025-01-01T00:00:00Z', state: 'ENABLED', etag: T.versionEtag, payload: { data: T.payload } }],
  }));
  // A project whose file breaks on a planted value: its error is checked too.
  const broken = join(snap, 'gcp', 'planted-broken');
  await mkdir(broken, { recursive: true });
  await writeFile(join(broken, 'secrets.json'), JSON.stringify({ secrets: [{ name: 'projects/2/secrets/x', rotation: { rotationPeriod: T.rotationPeriod } }] }));
  return snap;
}

test('secret-looking values in every field of the secrets files reach no store, finding, report or log', async () => {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-secret-values-'));
  roots.push(root);
  const snap = await plantedSnapshot(root);
  const logs: string[] = [];
  const dbDir = join(root, 'store');
  await mkdir(dbDir);
  const store = await openEmbeddedStore(join(dbDir, 'graph.db'));
  let findings: string;
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: snap, config: {}, exceptions: [], progress: { step: (m) => void logs.push(m) } });
    logs.push(JSON.stringify(result.outcomes), JSON.stringify(result.rules));
    const stored = await readFindings(store);
    findings = JSON.stringify(stored);
    // The check reads real output: the planted secrets have findings, and the broken project failed.
    const about = (id: string) => stored.filter((f) => f.subject.id === id).map((f) => f.ruleId).sort();
    assert.deepEqual(about(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/ftp-AbC123`), ['long-lived-credential', 'never-used-credential', 'orphaned-nhi']);
    assert.deepEqual(about('projects/123456789012/secrets/looker-db'), ['long-lived-credential', 'orphaned-nhi']);
    assert.ok(findings.includes('[redacted]'), 'the planted owner values show as redacted, not as themselves');
    const gcp = result.outcomes.find((o) => o.source === 'gcp')!;
    assert.match(JSON.stringify(gcp), /planted-broken.*rotationPeriod is not a duration/);
    await runReportJob(store, { out: join(root, 'report') });
  } finally {
    await store.close();
  }
  const haystacks = { store: await filesText(dbDir), findings: [findings], report: await filesText(join(root, 'report')), logs };
  for (const [where, texts] of Object.entries(haystacks)) {
    const found = planted.filter((t) => texts.some((h) => h.includes(t)));
    assert.deepEqual(found, [], `planted values in the ${where}`);
  }
  assert.ok(haystacks.report.some((h) => h.includes('prod/ftp')), 'the report names the secret');
});
