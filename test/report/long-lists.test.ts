// A report with more findings than a list shows: the HTML and the Markdown
// lists stop at their first 50 and say how many more there are and where;
// the CSV, streamed from the store, holds every open finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { registry } from '../../connectors/index.js';
import { runReportJob } from '../../reports/run-report-job.js';
import { LIST_LIMIT } from '../../reports/finding-lists.js';
import { findingsCsv } from '../../reports/formats/csv.js';
import { writeEstate } from '../helpers/estate.js';
import { tempRoot } from '../rules/scan-helpers.js';
import { scaleEstate } from '../bench/scale-estate.js';

const NOW = '2026-11-20T02:00:00.000Z';

test('the lists stop at 50 and point at the CSV, which holds every open finding', async () => {
  const root = await tempRoot();
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const snapshot = await writeEstate(scaleEstate({ people: 60, collectedAt: NOW }), root);
    await runScan(store, { snapshotDir: snapshot, config: {}, exceptions: [], progress: { step: () => {} }, registry });
    const open = (await readFindings(store)).filter((f) => f.status === 'open');
    assert.ok(open.length > 2 * LIST_LIMIT, `the estate has more open findings than a list shows (${open.length})`);

    const out = join(root, 'out');
    const r = await runReportJob(store, { out, clock: new Date(NOW) });
    assert.equal(r.figures.findings.open.total, open.length);

    const rows = parseCsv(readFileSync(r.files.csv, 'utf8'), { columns: true }) as { id: string; status: string }[];
    assert.deepEqual(rows.map((x) => x.id).sort(), open.map((f) => f.id).sort(), 'the CSV holds every open finding, once');
    assert.ok(rows.every((x) => x.status === 'open'));
    // The CSV reads only the properties its columns need: each row is what the whole finding gives (teams aside, the report's own).
    const whole = new Map(
      (parseCsv(findingsCsv(open, new Map()), { columns: true }) as Record<string, string>[]).map((x) => [x.id, { ...x, teams: '' }]),
    );
    for (const row of rows as unknown as Record<string, string>[]) assert.deepEqual({ ...row, teams: '' }, whole.get(row.id!));

    // The first scan found everything: all of it is new this period.
    const md = readFileSync(r.files.markdown, 'utf8');
    const section = md.slice(md.indexOf(`## New (${open.length})`), md.indexOf('## Reopened'));
    const items = section.split('\n').filter((l) => l.startsWith('- **'));
    assert.equal(items.length, LIST_LIMIT, 'the Markdown list shows its first 50');
    assert.ok(section.includes(`… and ${open.length - LIST_LIMIT} more in open-findings-2026-11-20.csv, which holds every open finding.`), section.slice(-300));
    assert.match(md, /Each list shows its 50 most severe findings; `open-findings-2026-11-20\.csv` holds every open finding\./);
    // Most severe first: no listed finding is less severe than one left out.
    const order = ['critical', 'high', 'medium', 'low'];
    const shown = items.map((l) => order.indexOf(/\*\*(\w+)\*\*/.exec(l)![1]!));
    assert.deepEqual(shown, [...shown].sort((a, b) => a - b));
    const worstLeftOut = Math.min(...open.map((f) => order.indexOf(f.severity)).sort((a, b) => a - b).slice(LIST_LIMIT));
    assert.ok(shown.every((s) => s <= worstLeftOut));

    const html = readFileSync(r.files.html, 'utf8');
    assert.ok(html.includes(`… and ${open.length - LIST_LIMIT} more in the attached CSV, which holds every open finding.`));
  } finally {
    await store.close();
  }
});
