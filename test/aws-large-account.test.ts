// One AWS account of 150,000 nodes maps without "Maximum call stack size
// exceeded": no unbounded array is ever spread into a call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsConnector } from '../connectors/aws/index.js';
import { loadContext } from './helpers/load.js';

const ACCT = '123456789012';
const USERS = 75_000; // a user and a key each: 150,000 nodes

test('an account of 150,000 nodes loads', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-large-'));
  try {
    const folder = join(dir, 'aws', ACCT);
    await mkdir(folder, { recursive: true });
    const users = [];
    const keys = [];
    for (let i = 0; i < USERS; i++) {
      const name = `svc-${i}`;
      users.push({ UserName: name, UserId: `AIDA${i}`, Arn: `arn:aws:iam::${ACCT}:user/${name}`, Path: '/', CreateDate: '2024-01-01T00:00:00Z', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [] });
      keys.push({ UserName: name, AccessKeyId: `AKIA${String(i).padStart(16, '0')}`, Status: 'Active', CreateDate: '2024-01-01T00:00:00Z' });
    }
    await writeFile(join(folder, 'account-authorization-details.json'), JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: [] }));
    await writeFile(join(folder, 'access-keys.json'), JSON.stringify(keys));
    const load = await awsConnector.loadSnapshot(loadContext(dir, '2026-11-20T02:00:00.000Z'));
    assert.deepEqual(load.failed, []);
    assert.equal(load.graph.nodes.length, 2 * USERS);
    assert.equal(load.graph.edges.filter((e) => e.type === 'AUTHENTICATES_AS').length, USERS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
