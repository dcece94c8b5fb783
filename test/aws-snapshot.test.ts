// Reading `aws/<account-id>/` folders: what loads, and that every failure
// names the file and the line or JSON path.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { awsConnector } from '../connectors/aws/index.js';
import type { LoadContext } from '../src/sources/connector.js';
import { expectFailure } from './helpers/load.js';
import { SourceError } from '../src/util/errors.js';

const A = '111111111111';
const B = '222222222222';
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const AUTH = {
  UserDetailList: [{ UserName: 'ana', Arn: `arn:aws:iam::${A}:user/ana`, Path: '/', CreateDate: '2024-01-02T03:04:05Z', GroupList: [], Tags: [] }],
  GroupDetailList: [],
  RoleDetailList: [
    {
      RoleName: 'app',
      Arn: `arn:aws:iam::${A}:role/app`,
      Path: '/',
      CreateDate: '2024-01-02T03:04:05Z',
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })),
      RoleLastUsed: {},
    },
  ],
  Policies: [],
};
const REPORT =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n' +
  `<root_account>,arn:aws:iam::${A}:root,2019-05-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n` +
  `ana,arn:aws:iam::${A}:user/ana,2024-01-02T03:04:05+00:00,true,2026-11-01T09:00:00+00:00,N/A,N/A,true,true,2025-01-10T09:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n`;
const KEYS = [{ UserName: 'ana', AccessKeyId: 'AKIAANA1', Status: 'Active', CreateDate: '2025-01-10T09:00:00Z' }];
const event = (eventTime: string) => ({
  eventTime,
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.4',
  userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/ana`, accessKeyId: 'AKIAANA1' },
});

/** A snapshot dir; `files` maps snapshot-relative paths to text or bytes. */
async function snapshot(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-snapshot-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}

function goodAccount(id = A): Record<string, string | Buffer> {
  return {
    [`aws/${id}/account-authorization-details.json`]: JSON.stringify(AUTH, null, 2),
    [`aws/${id}/credential-report.csv`]: REPORT,
    [`aws/${id}/access-keys.json`]: JSON.stringify(KEYS),
    [`aws/${id}/cloudtrail/2026/11/18/trail-1.json.gz`]: gzipSync(JSON.stringify({ Records: [event('2026-11-18T10:00:00Z'), event('2026-11-19T10:00:00Z')] })),
    [`aws/${id}/cloudtrail/trail-0.json`]: JSON.stringify({ Records: [event('2026-11-17T10:00:00Z')] }),
  };
}

const ctx = (snapshotDir: string): LoadContext<never> => ({
  snapshotDir,
  now: '2026-11-20T02:00:00.000Z',
  config: undefined,
  shared: {},
  progress: { step: () => {} },
});

/** Load and expect a SourceError at this place. */
async function failsAt(files: Record<string, string | Buffer>, place: { file: string; line?: number; path?: string }, why?: RegExp) {
  const dir = await snapshot(files);
  await expectFailure(awsConnector.loadSnapshot(ctx(dir)), 'aws', (e: unknown) => {
    assert.ok(e instanceof SourceError, `not a SourceError: ${String(e)}`);
    assert.equal(e.source, 'aws');
    assert.equal(e.place.file, place.file, e.describe());
    if (place.line !== undefined) assert.equal(e.place.line, place.line, e.describe());
    if (place.path !== undefined) assert.equal(e.place.path, place.path, e.describe());
    if (why) assert.match(e.message, why);
    return true;
  });
}

describe('AWS snapshot: loading', () => {
  it('loads every account folder, including gzipped CloudTrail', async () => {
    const dir = await snapshot({ ...goodAccount(A), ...goodAccount(B) });
    const load = await awsConnector.loadSnapshot(ctx(dir));
    assert.deepEqual(load.containers, [A, B]);
    const ana = load.graph.nodes.find((n) => n.key === `aws:${A}:user:arn:aws:iam::${A}:user/ana`);
    assert.equal(ana?.props.lastUsedAt, '2026-11-19T10:00:00.000Z');
    const key = load.graph.nodes.find((n) => n.key === `aws:${A}:access-key:AKIAANA1`);
    assert.equal(key?.props.lastUsedAt, '2026-11-19T10:00:00.000Z');
    assert.equal(key?.props.reportSlot, 1);
    const activity = load.graph.nodes.find((n) => n.label === 'Activity' && n.props.container === A);
    assert.equal(activity?.props.events, 3);
    assert.ok(load.graph.nodes.some((n) => n.props.isRoot === true && n.props.mfaActive === true));
  });

  it('without access-keys.json: no key nodes, a warning', async () => {
    const files = goodAccount();
    delete files[`aws/${A}/access-keys.json`];
    const load = await awsConnector.loadSnapshot(ctx(await snapshot(files)));
    assert.equal(load.graph.nodes.filter((n) => n.label === 'Credential').length, 0);
    assert.ok(load.warnings.some((w) => w.includes('access-keys.json')));
  });

  it('without an aws folder: nothing, no containers', async () => {
    const load = await awsConnector.loadSnapshot(ctx(await snapshot({ 'hr/people.csv': 'employee_id\n' })));
    assert.deepEqual(load.containers, []);
    assert.equal(load.graph.nodes.length, 0);
  });
});

describe('AWS snapshot: errors name the place', () => {
  it('a folder that is not a 12-digit account id', async () => {
    await failsAt({ ...goodAccount(), 'aws/prod/account-authorization-details.json': '{}' }, { file: 'aws/prod' }, /12-digit/);
  });

  it('an account folder without account-authorization-details.json', async () => {
    await failsAt({ [`aws/${A}/credential-report.csv`]: REPORT }, { file: `aws/${A}/account-authorization-details.json` }, /missing/);
  });

  it('JSON syntax errors carry the line', async () => {
    const broken = JSON.stringify(AUTH, null, 2).split('\n');
    broken[3] = broken[3]!.replace('"UserName"', 'UserName'); // Node 20 reports no position for this one
    await failsAt({ ...goodAccount(), [`aws/${A}/account-authorization-details.json`]: broken.join('\n') }, { file: `aws/${A}/account-authorization-details.json`, line: 4 });
    // Node 20 gives no position for "Unexpected token": the line is found by scanning.
    const noPosition = JSON.stringify(AUTH, null, 2).replace('"Path": "/"', '"Path": /');
    const line = noPosition.split('\n').findIndex((l) => l.includes('"Path": /')) + 1;
    await failsAt({ ...goodAccount(), [`aws/${A}/account-authorization-details.json`]: noPosition }, { file: `aws/${A}/account-authorization-details.json`, line });
    await failsAt({ ...goodAccount(), [`aws/${A}/access-keys.json`]: '[\n  {"UserName": "ana",\n   "Status": Active}\n]' }, { file: `aws/${A}/access-keys.json`, line: 3 });
  });

  it('UserDetailList not an array, or an entry without Arn, names the JSON path', async () => {
    await failsAt(
      { ...goodAccount(), [`aws/${A}/account-authorization-details.json`]: JSON.stringify({ ...AUTH, UserDetailList: 42 }) },
      { file: `aws/${A}/account-authorization-details.json`, path: '$.UserDetailList' },
    );
    const users = [...AUTH.UserDetailList, { UserName: 'bob' }];
    await failsAt(
      { ...goodAccount(), [`aws/${A}/account-authorization-details.json`]: JSON.stringify({ ...AUTH, UserDetailList: users }) },
      { file: `aws/${A}/account-authorization-details.json`, path: '$.UserDetailList[1].Arn' },
    );
  });

  it('a policy document that is not JSON names its path', async () => {
    const roles = [{ ...AUTH.RoleDetailList[0], AssumeRolePolicyDocument: '%7B%22Version%22%3A' }];
    await failsAt(
      { ...goodAccount(), [`aws/${A}/account-authorization-details.json`]: JSON.stringify({ ...AUTH, RoleDetailList: roles }) },
      { file: `aws/${A}/account-authorization-details.json`, path: '$.RoleDetailList[0].AssumeRolePolicyDocument' },
    );
  });

  it('credential report: a bad timestamp or boolean, and a broken quote, name the line', async () => {
    const lines = REPORT.split('\n');
    const badTime = [...lines];
    badTime[2] = badTime[2]!.replace('2026-11-01T09:00:00+00:00', 'yesterday');
    await failsAt({ ...goodAccount(), [`aws/${A}/credential-report.csv`]: badTime.join('\n') }, { file: `aws/${A}/credential-report.csv`, line: 3 }, /password_last_used/);
    const badBool = [...lines];
    badBool[1] = badBool[1]!.replace(',true,false,', ',maybe,false,');
    await failsAt({ ...goodAccount(), [`aws/${A}/credential-report.csv`]: badBool.join('\n') }, { file: `aws/${A}/credential-report.csv`, line: 2 }, /mfa_active/);
    await failsAt({ ...goodAccount(), [`aws/${A}/credential-report.csv`]: REPORT + '"bob,arn\n' }, { file: `aws/${A}/credential-report.csv`, line: 4 });
  });

  it('access-keys.json that is not an array, or a bad CreateDate', async () => {
    await failsAt({ ...goodAccount(), [`aws/${A}/access-keys.json`]: JSON.stringify({ Keys: KEYS }) }, { file: `aws/${A}/access-keys.json`, path: '$' });
    await failsAt(
      { ...goodAccount(), [`aws/${A}/access-keys.json`]: JSON.stringify([{ ...KEYS[0], CreateDate: 'soon' }]) },
      { file: `aws/${A}/access-keys.json`, path: '$[0].CreateDate' },
    );
  });

  it('CloudTrail: a bad record in a gzipped file, a corrupt gzip, a file without Records', async () => {
    const gz = `aws/${A}/cloudtrail/2026/11/18/trail-1.json.gz`;
    await failsAt({ ...goodAccount(), [gz]: gzipSync(JSON.stringify({ Records: [event('2026-11-18T10:00:00Z'), event('not a time')] })) }, { file: `aws/${A}/cloudtrail/2026/11/18/trail-1.json.gz`, path: '$.Records[1].eventTime' });
    await failsAt({ ...goodAccount(), [gz]: Buffer.from('not gzip at all') }, { file: gz }, /gzip/);
    await failsAt({ ...goodAccount(), [`aws/${A}/cloudtrail/x.json`]: '[]' }, { file: `aws/${A}/cloudtrail/x.json`, path: '$.Records' });
  });
});
