// `findings --format json|csv|sarif|ocsf` streams: what it prints, batch by
// batch, is byte for byte what the whole-list rendering printed, for every
// filter (SARIF with rules no file describes any more, too).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { findingRow, printStreamed, selectFindings, streamFindings, type FindingsFilter as FindingsOptions } from '../src/findings/select.js';
import { render } from '../src/util/output.js';
import { readFindings } from '../src/findings/finding-store.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { registry } from '../connectors/index.js';
import { writeEstate } from './helpers/estate.js';
import { tempRoot } from './rules/scan-helpers.js';
import { scaleEstate } from './bench/scale-estate.js';
import { exportFindings } from '../src/cli/export/streamed.js';
import { toSarif } from '../src/cli/export/sarif.js';
import { toOcsf } from '../src/cli/export/ocsf.js';
import { loadRules } from '../src/rules/rule-file.js';

const TOOL = { name: 'driftgraph', version: '0.0.0-test' };

test('streamed JSON, CSV, SARIF and OCSF equal the whole-list output, filters and order included', async () => {
  const root = await tempRoot();
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const scan = (at: string, changed: boolean) =>
      writeEstate(scaleEstate({ people: 400, collectedAt: at, changed }), root).then((dir) =>
        runScan(store, { snapshotDir: dir, config: {}, exceptions: [], progress: { step: () => {} }, registry }),
      );
    await scan('2026-11-10T02:00:00.000Z', false);
    await scan('2026-11-11T02:00:00.000Z', true); // some resolve, so status filters matter
    const all = await readFindings(store);
    assert.ok(all.length > 1000, `enough findings for several batches (${all.length})`);
    const cases: FindingsOptions[] = [
      {},
      { status: 'all' },
      { status: 'resolved' },
      { severity: 'high,critical' },
      { rule: 'long-lived-credential', source: 'aws' },
      { person: 'e7@example.com', status: 'all' },
      { rule: 'no-such-rule' },
    ];
    // Two rules left out: their findings' descriptors come from the findings.
    const rules = (await loadRules()).filter((r) => r.id !== 'long-lived-credential' && r.id !== 'dormant-account');
    for (const o of cases) {
      const contract = selectFindings(all, o);
      const exported = async (format: 'sarif' | 'ocsf') => {
        let text = '';
        await exportFindings(store, o, format, async (t) => void (text += t), { rules, tool: TOOL });
        return text;
      };
      assert.equal(await exported('sarif'), JSON.stringify(toSarif(contract, rules, TOOL), null, 2) + '\n', `sarif ${JSON.stringify(o)}`);
      assert.equal(await exported('ocsf'), JSON.stringify(contract.map((f) => toOcsf(f, TOOL)), null, 2) + '\n', `ocsf ${JSON.stringify(o)}`);
      const rows = contract.map(findingRow);
      for (const format of ['json', 'csv'] as const) {
        const columns = Object.keys(rows[0] ?? { id: '' });
        const whole = render(format, columns, rows, contract);
        let streamed = '';
        await printStreamed(format, streamFindings(store, o), async (t) => {
          streamed += t;
        });
        assert.equal(streamed, whole, `${format} ${JSON.stringify(o)}`);
      }
    }
    await assert.rejects(printStreamed('json', streamFindings(store, { status: 'gone' }), async () => {}), /--status gone/);
  } finally {
    await store.close();
  }
});
