// An estate with secrets planted where each provider puts them: the input of
// the secrets test and of `npm run proof:secrets`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { ago, ADMIN, writeEstate, type Estate } from '../helpers/estate.js';

const NOW = '2026-11-20T02:00:00Z';
export const SECRETS = {
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  tagToken: 'ghp_R4nd0mT0k3nV4lu3ThatIsLongEnough1234',
  externalId: 'ext-Shared-Secret-9f8e7d6c5b4a',
  userAgentToken: 'xoxb-123456789012-abcdefghijABCDEFGHIJ',
  hrPassword: 'Hunter2-Correct-Horse-Battery',
  gcpPrivateKey: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  scimPassword: 'Sc1mP@ssw0rd-NeverStore-Me',
  annotationToken: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEF',
  oktaUserAgent: 'SSWS 00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  scimDisplayNameBearer: 'Bearer eyJhbGciOiJIUzI1NiJ9.tok3nInADisplayName0123456789',
  hexToken: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  hrCountrySecret: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
};

function estate(): Estate {
  return {
    collectedAt: NOW,
    people: [{ id: 'E1', email: 'ana@example.com' }],
    catalog: { services: [{ name: 'svc', owner: 'group:default/t', annotations: { 'example.com/deploy-token': SECRETS.annotationToken } }] },
    aws: [
      {
        id: '111111111111',
        users: [{ name: 'ci', password: true, policies: [ADMIN], tags: { 'api-token': SECRETS.tagToken, note: `token ${SECRETS.tagToken}` }, keys: [{ id: 'AKIAPLANTED000000001', created: ago(NOW, 200) }] }],
        roles: [
          {
            name: 'vendor',
            trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': SECRETS.externalId } } }] },
          },
        ],
        trail: [{ time: ago(NOW, 1), as: { user: 'ci' }, accessKeyId: 'AKIAPLANTED000000001', sourceIp: '203.0.113.9' }],
      },
    ],
    gcp: [{ id: 'p1', serviceAccounts: [{ id: 'sa', keys: [{ id: 'a'.repeat(40), validAfter: ago(NOW, 10) }] }] }],
    scim: [{ name: 'app', users: [{ id: 'u1', userName: 'ana@example.com' }] }],
    okta: [{ email: 'ana@example.com', time: ago(NOW, 1), country: 'Spain' }],
  };
}

/** Where each secret is planted, for the proof's table. */
export const PLANTED_IN: Record<keyof typeof SECRETS, string> = {
  awsSecretKey: 'aws access-keys.json SecretAccessKey',
  tagToken: 'aws IAM user tags',
  externalId: 'aws trust policy sts:ExternalId',
  userAgentToken: 'aws CloudTrail userAgent',
  hrPassword: 'hr people.csv password column (kept by config)',
  gcpPrivateKey: 'gcp service-account-keys.json privateKeyData',
  scimPassword: 'scim Users.json password',
  annotationToken: 'catalog annotation',
  oktaUserAgent: 'okta system-log.json client.userAgent.rawUserAgent',
  scimDisplayNameBearer: 'scim Users.json displayName',
  hexToken: 'scim Groups.json displayName and gcp service account description (hex-only)',
  hrCountrySecret: 'hr people.csv country cell (also quoted by a warning before)',
};

/** Write the estate with its secrets and a config keeping the HR password column; returns the root and snapshot. */
export async function plantedSnapshot(): Promise<{ root: string; snap: string }> {
  const root = tempDir();
  const snap = await writeEstate(estate(), root);
  // Plant what the builders do not write: provider fields that carry secrets.
  const keysFile = join(snap, 'aws/111111111111/access-keys.json');
  const keys = JSON.parse(readFileSync(keysFile, 'utf8'));
  keys[0].SecretAccessKey = SECRETS.awsSecretKey;
  writeFileSync(keysFile, JSON.stringify(keys));
  const trailDir = join(snap, 'aws/111111111111/cloudtrail');
  for (const f of readdirSync(trailDir)) {
    const t = JSON.parse(readFileSync(join(trailDir, f), 'utf8'));
    for (const r of t.Records) r.userAgent = `ci-tool/1.0 (Authorization: Bearer ${SECRETS.userAgentToken})`;
    writeFileSync(join(trailDir, f), JSON.stringify(t));
  }
  const people = join(snap, 'hr/people.csv');
  const lines = readFileSync(people, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const row = lines[1]!.split(',');
  row[header.indexOf('country')] = SECRETS.hrCountrySecret;
  writeFileSync(people, [`${lines[0]},password`, `${row.join(',')},${SECRETS.hrPassword}`].join('\n') + '\n');
  const gcpKeys = join(snap, 'gcp/p1/service-account-keys.json');
  const k = JSON.parse(readFileSync(gcpKeys, 'utf8'));
  (Array.isArray(k) ? k : k.keys)[0].privateKeyData = SECRETS.gcpPrivateKey;
  writeFileSync(gcpKeys, JSON.stringify(k));
  const scimUsers = join(snap, 'scim/app/Users.json');
  const u = JSON.parse(readFileSync(scimUsers, 'utf8'));
  u.Resources[0].password = SECRETS.scimPassword;
  u.Resources[0].displayName = `Ana (${SECRETS.scimDisplayNameBearer})`;
  writeFileSync(scimUsers, JSON.stringify(u));
  writeFileSync(
    join(snap, 'scim/app/Groups.json'),
    JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [{ id: 'g1', displayName: `admins ${SECRETS.hexToken}`, members: [{ value: 'u1' }] }] }),
  );
  const accounts = join(snap, 'gcp/p1/service-accounts.json');
  const sa = JSON.parse(readFileSync(accounts, 'utf8'));
  (Array.isArray(sa) ? sa : sa.accounts)[0].description = `deploy with token=${SECRETS.hexToken}`;
  writeFileSync(accounts, JSON.stringify(sa));
  const log = join(snap, 'okta/system-log.json');
  const events = JSON.parse(readFileSync(log, 'utf8'));
  for (const e of events) e.client.userAgent = { rawUserAgent: `curl/8.0 Authorization: ${SECRETS.oktaUserAgent}`, os: 'Linux', browser: 'UNKNOWN' };
  writeFileSync(log, JSON.stringify(events));
  writeFileSync(join(root, 'driftgraph.yaml'), 'hr:\n  keepColumns: [password]\n');

  return { root, snap };
}
