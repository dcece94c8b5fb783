// Time to revoke on a three-scan lifecycle estate: a leaver whose last key
// goes in the third scan has a time to revoke equal to leave instant -> the
// third scan's now; a leaver whose account was deleted by the first scan
// after leaving is measured to that scan; a leaver with no account is not a
// revocation at all; a leaver who keeps a key is pending, and counts in the
// share of credentials still valid 5 days after leaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { writeEstate, type AwsUser, type Estate, type Person } from '../helpers/estate.js';

const ACCT = '111111111111';
const T1 = '2026-11-06T02:00:00Z';
const T2 = '2026-11-13T02:00:00Z';
const T3 = '2026-11-20T02:00:00Z';
const hoursFrom = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000;

const ana: Person = { id: 'E1', name: 'Ana' };
// Left at the end of 2026-11-10: leave instant 2026-11-11T00:00Z.
const lea = (left: boolean): Person => ({ id: 'E2', name: 'Lea', ...(left ? { status: 'terminated', endDate: '2026-11-10' } : {}) });
const max = (left: boolean): Person => ({ id: 'E3', name: 'Max', ...(left ? { status: 'terminated', endDate: '2026-11-10' } : {}) });
const noa = (left: boolean): Person => ({ id: 'E4', name: 'Noa', ...(left ? { status: 'terminated', endDate: '2026-11-10' } : {}) });
const ola = (left: boolean): Person => ({ id: 'E5', name: 'Ola', ...(left ? { status: 'terminated', endDate: '2026-11-10' } : {}) });
const LEFT_AT = '2026-11-11T00:00:00Z';

const user = (name: string, email: string, u: Partial<AwsUser> = {}): AwsUser => ({ name, tags: { email }, ...u });
const key = (id: string) => ({ id, created: '2026-01-05T00:00:00Z', lastUsed: '2026-11-01T00:00:00Z' });

function estate(now: string, week: 1 | 2 | 3): Estate {
  const users = [
    user('ana', 'e1@example.com', { password: true, mfa: true, passwordLastUsed: now }),
    // Lea: two keys, no console password; one key goes in week 2, the last in week 3.
    user('lea', 'e2@example.com', { keys: week === 1 ? [key('AKIALEA00000000000A1'), key('AKIALEA00000000000A2')] : week === 2 ? [key('AKIALEA00000000000A2')] : [] }),
  ];
  // Ola keeps her key through every scan.
  users.push(user('ola', 'e5@example.com', { keys: [key('AKIAOLA00000000000A1')] }));
  // Max's user is deleted by the first scan after he left.
  if (week === 1) users.push(user('max', 'e3@example.com', { password: true, mfa: true, passwordLastUsed: T1 }));
  return {
    collectedAt: now,
    people: [ana, lea(week > 1), max(week > 1), noa(week > 1), ola(week > 1)],
    aws: [{ id: ACCT, root: { mfa: true }, users }],
  };
}

function reportJson(db: string, since?: string) {
  const r = cli(['--db', db, 'report', '--format', 'json', '--out', join(db, '..', 'out'), ...(since ? ['--since', since] : [])]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout);
}

test('three scans: time to revoke is leave instant -> the scan in which the last key was gone', async () => {
  const root = tempDir('driftgraph-ttr-');
  const db = join(root, 'graph.db');
  for (const [now, week] of [[T1, 1], [T2, 2]] as const) {
    const r = cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate(now, week), root)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  }
  // After week 2: Lea and Ola still hold a key; Max's user went with the scan after he left.
  const week2 = reportJson(db);
  assert.equal(week2.timeToRevoke.leavers.pending, 2);
  assert.deepEqual(week2.timeToRevoke.leavers.pendingList.map((p: { email: string }) => p.email).sort(), ['e2@example.com', 'e5@example.com']);
  assert.equal(week2.timeToRevoke.leavers.pendingList[0].ageHours, hoursFrom(LEFT_AT, T2));
  assert.equal(week2.timeToRevoke.leavers.revoked, 1, 'Max; Noa never had an account');
  assert.equal(week2.timeToRevoke.leavers.median, hoursFrom(LEFT_AT, T2));

  const r3 = cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate(T3, 3), root)]);
  assert.equal(r3.code, 0, r3.stdout + r3.stderr);
  const week3 = reportJson(db);
  assert.deepEqual([week3.period.since, week3.period.until], ['2026-11-13T02:00:00.000Z', '2026-11-20T02:00:00.000Z']);
  assert.equal(week3.timeToRevoke.leavers.pending, 1);
  assert.equal(week3.timeToRevoke.leavers.pendingList[0].email, 'e5@example.com');
  assert.equal(week3.timeToRevoke.leavers.pendingList[0].ageHours, hoursFrom(LEFT_AT, T3));
  // Their fifth day (2026-11-16) is in (T2, T3]: Lea's two keys (gone by T3) and Ola's (still valid at T3).
  assert.deepEqual(week3.leaverCredentials, { credentials: 3, stillValidAfter5Days: 1, share: 0.33 });
  assert.deepEqual(week2.leaverCredentials, { credentials: 0, stillValidAfter5Days: 0, share: null });
  assert.equal(week3.timeToRevoke.leavers.revoked, 1, 'only Lea was revoked in (T2, T3]');
  assert.equal(week3.timeToRevoke.leavers.median, hoursFrom(LEFT_AT, T3));
  assert.equal(week3.timeToRevoke.leavers.p90, hoursFrom(LEFT_AT, T3));

  // Over both weeks: Max (T2) and Lea (T3).
  const both = reportJson(db, T1);
  assert.equal(both.timeToRevoke.leavers.revoked, 2);
  const [maxH, leaH] = [hoursFrom(LEFT_AT, T2), hoursFrom(LEFT_AT, T3)];
  assert.equal(both.timeToRevoke.leavers.median, (maxH + leaH) / 2);
  assert.equal(both.timeToRevoke.leavers.p90, Math.round((maxH + 0.9 * (leaH - maxH)) * 100) / 100);

  // The trend has one point per week, from the week of the first scan.
  assert.deepEqual(
    week3.trends.map((w: { weekEnd: string; timeToRevokeMedian: number | null }) => [w.weekEnd, w.timeToRevokeMedian]),
    [['2026-11-06T02:00:00.000Z', null], ['2026-11-13T02:00:00.000Z', maxH], ['2026-11-20T02:00:00.000Z', leaH]],
  );

  // The same numbers through the saved query, as an analyst would run it.
  const q = cli(['--db', db, 'query', '--file', 'queries/saved/report-leaver-revocation.cypher', '--format', 'json']);
  assert.equal(q.code, 0, q.stderr);
  const rows = JSON.parse(q.stdout) as { email: string; revokedAt: string | null }[];
  assert.deepEqual(
    rows.map((r) => [r.email, r.revokedAt]).sort(),
    [['e2@example.com', '2026-11-20T02:00:00.000Z'], ['e3@example.com', '2026-11-13T02:00:00.000Z'], ['e5@example.com', null]],
  );
});
