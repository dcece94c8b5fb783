// Week 1 then week 2, exactly seven days apart: the report's default period
// is (week 1, week 2], so week 1's findings are not new; new and resolved
// equal what the second scan printed; open counts equal `findings`; and the
// Markdown lists each finding once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers/cli.js';
import { writeEstate, type Estate } from '../helpers/estate.js';

// These estates are dated weeks before the wall clock: the STALE DATA warning (test/data-age.test.ts) is not what this file tests.
const notStale = (w: string) => !w.startsWith('STALE DATA');

const ACCT = '111111111111';
const W1 = '2026-11-13T02:00:00Z';
const W2 = '2026-11-20T02:00:00Z';

function estate(now: string, week: 1 | 2): Estate {
  return {
    collectedAt: now,
    people: [
      { id: 'E1', name: 'Ana' },
      { id: 'E2', name: 'Bo', ...(week === 2 ? { status: 'terminated' as const, endDate: '2026-11-17' } : {}) },
      { id: 'E3', name: 'Cai' },
    ],
    aws: [
      {
        id: ACCT,
        root: { mfa: true },
        users: [
          { name: 'ana', password: true, mfa: true, passwordLastUsed: now, tags: { email: 'e1@example.com' }, keys: [{ id: 'AKIAANA0000000000001', created: '2025-01-02T00:00:00Z', lastUsed: '2026-11-12T00:00:00Z' }] },
          { name: 'bo', password: true, mfa: true, passwordLastUsed: '2026-11-12T00:00:00Z', tags: { email: 'e2@example.com' } },
          // Cai's old key goes in week 2: its long-lived finding resolves.
          { name: 'cai', password: true, mfa: true, passwordLastUsed: now, tags: { email: 'e3@example.com' }, keys: week === 1 ? [{ id: 'AKIACAI0000000000001', created: '2025-01-02T00:00:00Z', lastUsed: '2026-11-12T00:00:00Z' }] : [] },
          // Week 2 brings an account nobody is linked to.
          ...(week === 2 ? [{ name: 'tmp-contractor', password: true, mfa: true, passwordLastUsed: now }] : []),
        ],
      },
    ],
  };
}

test('week 1 then week 2: new and resolved as the second scan printed, open as findings lists, each finding once', async () => {
  const root = tempDir('driftgraph-weekly-');
  const db = join(root, 'graph.db');
  const s1 = cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate(W1, 1), root)]);
  assert.equal(s1.code, 0, s1.stdout + s1.stderr);
  const s2 = cli(['--db', db, '-q', 'scan', '--json', '--from', await writeEstate(estate(W2, 2), root)]);
  assert.equal(s2.code, 0, s2.stdout + s2.stderr);
  const printed = JSON.parse(s2.stdout).findings;
  assert.ok(printed.new > 0 && printed.resolved > 0, JSON.stringify(printed));

  const out = join(root, 'out');
  const r = cli(['--db', db, 'report', '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(report.period, { since: '2026-11-13T02:00:00.000Z', until: '2026-11-20T02:00:00.000Z', scans: 1 });
  assert.equal(report.findings.new, printed.new, 'week 1 findings (first seen exactly at since) are not new');
  assert.equal(report.findings.resolved, printed.resolved);
  assert.equal(report.findings.reopened, printed.reopened);
  assert.deepEqual(report.warnings.filter(notStale), []);
  for (const s of report.sources.filter((x: { status: string }) => x.status === 'loaded')) assert.equal(s.lastLoaded, '2026-11-20T02:00:00.000Z');

  const listed = JSON.parse(cli(['--db', db, 'findings', '--status', 'open', '--format', 'json']).stdout) as { severity: string }[];
  for (const s of ['critical', 'high', 'medium', 'low']) {
    assert.equal(report.findings.open[s], listed.filter((f) => f.severity === s).length, `open ${s}`);
  }
  assert.equal(report.findings.open.total, listed.length);

  // The trend holds both weeks: week 1's scan, then week 2's.
  assert.deepEqual(report.trends.map((w: { new: number }) => w.new), [JSON.parse(cli(['--db', db, 'query', 'MATCH (f:Finding) WHERE f.firstSeen = $t RETURN count(f) AS n', '--param', 't=2026-11-13T02:00:00.000Z', '--format', 'json']).stdout)[0].n, printed.new]);

  // The Markdown names every finding exactly once (by its subject and rule).
  const md = readFileSync(join(out, 'drift-report-2026-11-20.md'), 'utf8');
  const all = JSON.parse(cli(['--db', db, 'findings', '--status', 'all', '--format', 'json']).stdout) as { id: string; title: string; ruleId: string; status: string; resolvedAt: string | null }[];
  const shown = all.filter((f) => f.status === 'open' || f.resolvedAt === '2026-11-20T02:00:00.000Z');
  const lines = md.split('\n').filter((l) => l.startsWith('- **') && !l.includes('STALE DATA'));
  assert.equal(lines.length, shown.length, md);
  assert.match(md, new RegExp(`## New \\(${printed.new}\\)`));
  assert.match(md, new RegExp(`## Resolved \\(${printed.resolved}\\)`));
  assert.match(md, /## Still open from before \(\d+\)/);
});

test('no scan in the period: a warning at the top and exit 1', async () => {
  const root = tempDir('driftgraph-weekly-');
  const db = join(root, 'graph.db');
  assert.equal(cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate(W1, 1), root)]).code, 0);
  const r = cli(['--db', db, 'report', '--since', '2026-11-14', '--out', join(root, 'out')]);
  assert.equal(r.code, 1);
  assert.match(r.stdout.split('\n')[0]!, /^WARNING NO SCAN RAN IN THE PERIOD/);
  const json = cli(['--db', db, 'report', '--since', '2026-11-14', '--format', 'json', '--out', join(root, 'out')]);
  assert.equal(json.code, 1);
  assert.match(JSON.parse(json.stdout).warnings[0], /NO SCAN RAN IN THE PERIOD/);
  const html = readFileSync(join(root, 'out', 'drift-report-2026-11-14.html'), 'utf8');
  assert.ok(html.indexOf('NO SCAN RAN IN THE PERIOD') < html.indexOf('Open findings'), 'the warning comes first');
});
