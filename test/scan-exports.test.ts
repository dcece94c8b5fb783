// scan --exports DIR: a live scan reads sources with no live API (HR, the
// device inventory) from the folder their systems drop exports into; an
// export older than exportsMaxAgeHours fails its source instead of loading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, writeTree } from './helpers/cli.js';

const PEOPLE = 'employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date\nE1,ana@example.com,Ana,Eng,Dev,,GB,employee,active,2020-01-06,\n';

test('a live scan reads HR from the exports folder, and refuses a stale export', () => {
  const cwd = tempDir();
  writeTree(cwd, { 'exports/hr/people.csv': PEOPLE });
  const ok = cli(['--db', join(cwd, 'g.db'), 'scan', '--sources', 'hr', '--exports', join(cwd, 'exports')], { cwd });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /hr\s+loaded/);
  assert.match(ok.stderr, /hr: read from the exports folder/);

  const old = new Date(Date.now() - 72 * 3_600_000);
  utimesSync(join(cwd, 'exports/hr/people.csv'), old, old);
  writeTree(cwd, { 'driftgraph.yaml': 'exportsMaxAgeHours: 24\n' });
  const stale = cli(['--db', join(cwd, 'g.db'), 'scan', '--sources', 'hr', '--exports', join(cwd, 'exports')], { cwd });
  assert.equal(stale.code, 1);
  assert.match(stale.stdout, /hr\s+failed/);
  assert.match(stale.stdout, /hours old \(exportsMaxAgeHours: 24\)/);
});
