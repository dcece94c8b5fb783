// The schedule section is strict: a typo, a bad cron expression or an
// unknown time zone is a config error naming the key, before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/config/parse.js';
import { configSections } from '../src/cli/registry.js';
import { UsageError } from '../src/util/errors.js';
import { schedulePlan } from '../src/schedule/config.js';

test('the README example config is valid as written, with the defaults filled in', () => {
  const plan = schedulePlan(
    parseConfig({ schedule: { timezone: 'UTC', scan: { cron: '*/10 * * * * *', from: '/path/to/snapshot' }, report: { cron: '0 7 * * 1' } } }, configSections),
  );
  assert.deepEqual(plan.timed, [
    { job: 'scan', cron: '*/10 * * * * *' },
    { job: 'report', cron: '0 7 * * 1' },
  ]);
  // Tickets follow scans once a tickets section says where they go.
  assert.equal(plan.ticketsAfterScan, false);
  const tickets = { webhook: { url: 'https://hooks.example.com/x' }, routes: [{ sink: 'webhook' }] };
  assert.equal(schedulePlan(parseConfig({ tickets }, configSections)).ticketsAfterScan, true);
  assert.equal(schedulePlan(parseConfig({ tickets, schedule: { tickets: { enabled: false } } }, configSections)).ticketsAfterScan, false);
  assert.deepEqual(schedulePlan(parseConfig({}, configSections)).timed, [
    { job: 'scan', cron: '0 2 * * *' },
    { job: 'report', cron: '0 7 * * 1' },
  ]);
});

test('bad keys and values name the key', () => {
  const bad: [unknown, RegExp][] = [
    [{ schedule: { scan: { cron: '*/10 * * *' } } }, /schedule\.scan\.cron: not a cron expression/],
    [{ schedule: { scan: { cron: '0 25 * * *' } } }, /schedule\.scan\.cron/],
    [{ schedule: { timezone: 'Mars/Olympus' } }, /schedule\.timezone: not an IANA time zone/],
    [{ schedule: { scan: { crontab: '0 2 * * *' } } }, /schedule\.scan/],
    [{ snapshots: { keepDays: -1 } }, /snapshots\.keepDays/],
    [{ exportsMaxAgeHours: 0 }, /exportsMaxAgeHours/],
  ];
  for (const [raw, message] of bad) {
    assert.throws(() => parseConfig(raw, configSections), (e: unknown) => e instanceof UsageError && message.test(e.message), JSON.stringify(raw));
  }
});
