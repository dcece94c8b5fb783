// Catch-up at start: a job runs once when one of its scheduled times passed
// since its last successful run, and not otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catchUpDecision, missedFire } from '../src/schedule/catch-up.js';

const at = (iso: string) => new Date(iso);

test('nightly scan: the machine was off at 02:00, so the morning start catches up', () => {
  const missed = missedFire('0 2 * * *', 'UTC', at('2026-11-30T02:00:03Z'), at('2026-12-01T08:00:00Z'));
  assert.equal(missed?.toISOString(), '2026-12-01T02:00:00.000Z');
});

test('nightly scan: started again before the next 02:00, nothing was missed', () => {
  assert.equal(missedFire('0 2 * * *', 'UTC', at('2026-11-30T02:00:03Z'), at('2026-12-01T01:59:59Z')), null);
});

test('weekdays only: Monday 01:00 after a Friday run missed nothing', () => {
  assert.equal(missedFire('0 2 * * 1-5', 'UTC', at('2026-11-27T02:00:01Z'), at('2026-11-30T01:00:00Z')), null);
});

test('the time zone decides: Monday 07:00 in Berlin is 06:00 UTC', () => {
  const since = at('2026-11-23T07:00:01Z');
  const now = at('2026-11-30T06:30:00Z');
  assert.equal(missedFire('0 7 * * 1', 'UTC', since, now), null);
  assert.equal(missedFire('0 7 * * 1', 'Europe/Berlin', since, now)?.toISOString(), '2026-11-30T06:00:00.000Z');
});

test('a seconds field: every ten seconds', () => {
  assert.equal(missedFire('*/10 * * * * *', 'UTC', at('2026-12-01T10:00:00.020Z'), at('2026-12-01T10:00:09.900Z')), null);
  assert.equal(missedFire('*/10 * * * * *', 'UTC', at('2026-12-01T10:00:00.020Z'), at('2026-12-01T10:00:10.000Z'))?.toISOString(), '2026-12-01T10:00:10.000Z');
});

test('decision: no run at all is a fresh install; runs that never succeeded catch up', () => {
  const now = at('2026-12-01T08:00:00Z');
  assert.deepEqual(catchUpDecision('0 2 * * *', 'UTC', null, false, now), { due: false, reason: 'no run yet' });
  assert.equal(catchUpDecision('0 2 * * *', 'UTC', null, true, now).due, true);
  assert.equal(catchUpDecision('0 2 * * *', 'UTC', '2026-11-29T02:00:00.500Z', true, now).due, true);
  assert.equal(catchUpDecision('0 2 * * *', 'UTC', '2026-12-01T02:00:00.500Z', true, now).due, false);
});
