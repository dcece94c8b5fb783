// Findings live across scans: week 1, then week 2 with a key deleted and a
// leaver added, then week 2 again with a broken AWS file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const ACCOUNT = '111111111111';
const HR_HEADER = 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date';
const REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
  'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
  'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
  'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

const user = (name: string, email: string) => ({
  Path: '/',
  UserName: name,
  UserId: `AID${name.toUpperCase()}`,
  Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  CreateDate: '2025-01-01T00:00:00Z',
  GroupList: [],
  AttachedManagedPolicies: [],
  UserPolicyList: [],
  Tags: [{ Key: 'email', Value: email }],
});

const reportRow = (name: string, key: boolean, lastUsed = '2026-11-18T00:00:00+00:00') =>
  [name, `arn:aws:iam::${ACCOUNT}:user/${name}`, '2025-01-01T00:00:00+00:00', 'true', lastUsed, '2025-01-01T00:00:00+00:00', 'N/A', 'true',
    key ? 'true' : 'false', key ? '2025-01-02T00:00:00+00:00' : 'N/A', key ? lastUsed : 'N/A', key ? 'eu-west-1' : 'N/A', key ? 's3' : 'N/A',
    'false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A'].join(',');

function estate(opts: { now: string; caiKey: boolean; boLeft: boolean }): string {
  const people = [
    'E1,ana@example.com,Ana,payments,Engineer,,GB,employee,active,2021-01-01,',
    `E2,bo@example.com,Bo,payments,Engineer,,GB,employee,${opts.boLeft ? 'terminated' : 'active'},2021-01-01,${opts.boLeft ? '2026-11-20' : ''}`,
    'E3,cai@example.com,Cai,data,Engineer,,GB,employee,active,2021-01-01,',
  ];
  const keys = [
    { UserName: 'ana', AccessKeyId: 'AKIAANA0000000000001', Status: 'Active', CreateDate: '2025-01-02T00:00:00Z' },
    { UserName: 'bo', AccessKeyId: 'AKIABO00000000000001', Status: 'Active', CreateDate: '2025-01-02T00:00:00Z' },
    ...(opts.caiKey ? [{ UserName: 'cai', AccessKeyId: 'AKIACAI0000000000001', Status: 'Active', CreateDate: '2025-01-02T00:00:00Z' }] : []),
  ];
  return writeTree(tempDir(), {
    'manifest.json': JSON.stringify({ collectedAt: opts.now }),
    'hr/people.csv': [HR_HEADER, ...people].join('\n') + '\n',
    [`aws/${ACCOUNT}/account-authorization-details.json`]: JSON.stringify({
      UserDetailList: [user('ana', 'ana@example.com'), user('bo', 'bo@example.com'), user('cai', 'cai@example.com')],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    }),
    [`aws/${ACCOUNT}/credential-report.csv`]: [
      REPORT_HEADER,
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
      reportRow('ana', true),
      reportRow('bo', true),
      reportRow('cai', opts.caiKey),
    ].join('\n') + '\n',
    [`aws/${ACCOUNT}/access-keys.json`]: JSON.stringify(keys),
  });
}

interface F {
  id: string;
  ruleId: string;
  status: string;
  subject: { id: string; source: string };
  resolvedAt: string | null;
  firstSeen: string;
}

function findings(db: string): F[] {
  const r = cli(['--db', db, 'findings', '--status', 'all', '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('week 2: the deleted key resolves, the leaver is new, every other finding keeps its id', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', estate({ now: '2026-11-13T02:00:00Z', caiKey: true, boLeft: false })]).code, 0);
  const week1 = findings(db);
  const caiKey = week1.filter((f) => f.subject.id === 'AKIACAI0000000000001');
  assert.ok(caiKey.length > 0, 'the key is long-lived in week 1');
  assert.ok(!week1.some((f) => f.ruleId === 'leaver-active-access'));

  const scan2 = cli(['--db', db, 'scan', '--from', estate({ now: '2026-11-22T02:00:00Z', caiKey: false, boLeft: true })]);
  assert.equal(scan2.code, 0, scan2.stdout + scan2.stderr);
  const week2 = new Map(findings(db).map((f) => [f.id, f]));
  for (const f of caiKey) {
    assert.equal(week2.get(f.id)?.status, 'resolved');
    assert.equal(week2.get(f.id)?.resolvedAt, '2026-11-22T02:00:00.000Z');
  }
  for (const f of week1.filter((x) => x.subject.id !== 'AKIACAI0000000000001')) {
    assert.equal(week2.get(f.id)?.status, 'open', `${f.ruleId} ${f.subject.id} keeps its id and stays open`);
    assert.equal(week2.get(f.id)?.firstSeen, f.firstSeen);
  }
  const leaver = [...week2.values()].filter((f) => f.ruleId === 'leaver-active-access');
  assert.equal(leaver.length, 1);
  assert.equal(leaver[0]!.subject.id, `arn:aws:iam::${ACCOUNT}:user/bo`);
  assert.equal(leaver[0]!.status, 'open');
});

test('week 2 with a broken AWS file: exit 1, and not one AWS finding is resolved or removed', () => {
  const db = join(tempDir(), 'graph.db');
  assert.equal(cli(['--db', db, 'scan', '--from', estate({ now: '2026-11-13T02:00:00Z', caiKey: true, boLeft: false })]).code, 0);
  const week1 = findings(db);
  const nodes = cli(['--db', db, 'query', "MATCH (n:Entity {source: 'aws'}) WHERE n.removedAt IS NULL RETURN count(n) AS n", '--format', 'json']);
  const broken = estate({ now: '2026-11-22T02:00:00Z', caiKey: false, boLeft: true });
  writeTree(broken, { [`aws/${ACCOUNT}/access-keys.json`]: '[{"UserName": "ana", "AccessKeyId": ' });
  const scan = cli(['--db', db, 'scan', '--from', broken]);
  assert.equal(scan.code, 1);
  assert.match(scan.stdout, /access-keys\.json/);
  assert.match(scan.stdout, /hr\s+loaded/);
  const after = new Map(findings(db).map((f) => [f.id, f]));
  for (const f of week1.filter((x) => x.subject.source === 'aws')) {
    assert.notEqual(after.get(f.id)?.status, 'resolved', `${f.ruleId} ${f.subject.id} must not resolve`);
  }
  const nodesAfter = cli(['--db', db, 'query', "MATCH (n:Entity {source: 'aws'}) WHERE n.removedAt IS NULL RETURN count(n) AS n", '--format', 'json']);
  assert.equal(nodesAfter.stdout, nodes.stdout);
});
