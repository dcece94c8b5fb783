// A whole scan of the demo estate into a fresh embedded store, timed per run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { registry } from '../../connectors/index.js';
import { silentProgress } from '../../src/util/progress.js';

const demo = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
const store = await openEmbeddedStore(join(mkdtempSync(join(tmpdir(), 'driftgraph-bench-')), 'graph.db'));
await ensureSchema(store);
for (const run of [1, 2, 3]) {
  const started = process.hrtime.bigint();
  const result = await runScan(store, { registry, snapshotDir: demo, config: {}, exceptions: [], progress: silentProgress });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const findings = result.rules.reduce((n, r) => n + r.findings.length, 0);
  console.log(`scan ${run}: ${ms.toFixed(0)} ms, ${findings} findings, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}
await store.close();
