// One measured step of the scale benchmark, in a process of its own so its
// peak RSS is its own. Prints one JSON line on stdout.
//   scan <db> <snapshot> <compactAbove|false>
//                             a whole scan as `driftgraph scan` runs it (runScan,
//                             then the store-file compaction, then close), writes
//                             counted per kind, times per phase
//   reopen <db>               open the store read-only and run a trivial query,
//                             as `driftgraph query` does
//   compact <db>              `driftgraph compact`: compact the file now
//   report <db> <dir>         `driftgraph report` (files only, no mail)
//   findings <db> <format>    `findings --format json|csv`, streamed to /dev/null
//   read-floor <db>           the engine's floor under findings and report: open
//                             read-only, then read every finding's properties
//                             a page at a time, keeping nothing
//   bulk <db> <n> <width>     the engine's own bulk create: n nodes of `width`
//                             string properties, UNWIND ... CREATE, no MERGE
import { createWriteStream } from 'node:fs';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { storeBytes } from '../../src/graph/compact-embedded.js';
import { runScan } from '../../src/scan/run-scan.js';
import { compactAfterScan, DEFAULT_COMPACT_ABOVE } from '../../src/scan/compact-after-scan.js';
import { loadRules } from '../../src/rules/rule-file.js';
import { registry } from '../../connectors/index.js';
import { printStreamed, streamFindings } from '../../src/findings/select.js';
import { findingColumns } from '../../src/findings/finding-store.js';
import { runReportJob } from '../../reports/run-report-job.js';
import { countedStore, phasesOf, type Mark, type Tally } from './scale-phases.js';

const [step, db, a, b] = process.argv.slice(2);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function main(): Promise<Record<string, unknown>> {
  if (step === 'scan') {
    const tallies = new Map<string, Tally>();
    const marks: Mark[] = [];
    const rules = await loadRules();
    const t0 = process.hrtime.bigint();
    const at = () => ms(t0);
    const store = await openEmbeddedStore(db!);
    const openMs = at();
    await ensureSchema(store);
    const counted = countedStore(store, tallies, marks, at, new Set(rules.map((r) => r.cypher)));
    const progress = { step: (m: string) => marks.push({ at: at(), what: 'progress', text: m }) };
    const result = await runScan(counted, { snapshotDir: a!, config: {}, exceptions: [], registry, rules, progress });
    const scanEnd = at();
    // The width of what was loaded, for the bulk-create comparison (not timed).
    const sample = await store.read("MATCH (n:Identity) WHERE n.source = 'aws' RETURN n LIMIT 500");
    const width = sample.length ? Math.round(sample.reduce((s, r) => s + Object.keys(r.n as object).length, 0) / sample.length) : 0;
    const tc0 = at();
    const compactAbove = b === 'false' ? false : Number(b ?? DEFAULT_COMPACT_ABOVE);
    const compaction = await compactAfterScan(store, { store: { compactAbove } }, { step: () => {} });
    const compactMs = at() - tc0;
    const tclose = at();
    await store.close();
    const closeMs = at() - tclose;
    const fileBytes = storeBytes(db!);
    return {
      wallMs: scanEnd + compactMs + closeMs,
      openMs,
      loadMs: marks.find((m) => m.text?.startsWith('linking:'))?.at ?? 0,
      phases: { ...phasesOf(marks, scanEnd), compact: compactMs, close: closeMs },
      closeMs,
      exitCode: result.exitCode,
      findings: { ...result.lifecycle, transitions: result.lifecycle.transitions.length },
      tallies: Object.fromEntries(tallies),
      width,
      // As the scan left the file (checkpointed, before any compaction), and after compaction and close.
      fileBytesBeforeCompaction: compaction?.beforeBytes ?? fileBytes,
      fileBytes,
      compaction: compaction ?? { compacted: false, failed: false, message: 'compaction off' },
    };
  }
  if (step === 'reopen') {
    const t0 = process.hrtime.bigint();
    const store = await openEmbeddedStore(db!, { readOnly: true });
    const openMs = ms(t0);
    const rows = await store.read('MATCH (f:Finding) RETURN count(f) AS findings');
    const wallMs = ms(t0);
    await store.close();
    return { openMs, queryMs: wallMs - openMs, wallMs, findings: rows[0]?.findings, fileBytes: storeBytes(db!) };
  }
  if (step === 'compact') {
    const t0 = process.hrtime.bigint();
    const store = await openEmbeddedStore(db!);
    const r = await store.compact!({ reopen: false });
    await store.close();
    return { wallMs: ms(t0), ...r };
  }
  if (step === 'report') {
    const t0 = process.hrtime.bigint();
    const store = await openEmbeddedStore(db!, { readOnly: true });
    const r = await runReportJob(store, { out: a! });
    await store.close();
    return { wallMs: ms(t0), exitCode: r.exitCode, open: r.data.lists.open.ids.length };
  }
  if (step === 'findings') {
    const store = await openEmbeddedStore(db!);
    const t0 = process.hrtime.bigint();
    const out = createWriteStream('/dev/null');
    let n = 0;
    await printStreamed(a as 'json' | 'csv', streamFindings(store, { status: 'all' }), async (text) => {
      n++;
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    });
    const wallMs = ms(t0);
    await store.close();
    return { wallMs, chunks: n };
  }
  if (step === 'read-floor') {
    const t0 = process.hrtime.bigint();
    const store = await openEmbeddedStore(db!, { readOnly: true });
    const openMs = ms(t0);
    const openRssBytes = process.memoryUsage().rss;
    const ids = (await store.read('MATCH (f:Finding) RETURN f.id AS id')).map((r) => String(r.id));
    let rows = 0;
    for (let i = 0; i < ids.length; i += 250) {
      rows += (await store.read(`UNWIND $ids AS fid MATCH (f:Finding {id: fid}) RETURN ${findingColumns()}`, { ids: ids.slice(i, i + 250) })).length;
    }
    const wallMs = ms(t0);
    await store.close();
    return { wallMs, openMs, openRssBytes, findings: rows };
  }
  if (step === 'bulk') {
    const n = Number(a);
    const width = Math.max(4, Number(b));
    const store = await openEmbeddedStore(db!);
    await ensureSchema(store);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i += 2000) {
      const rows = [];
      for (let j = i; j < Math.min(n, i + 2000); j++) {
        const r: Record<string, string> = { key: `bulk:${j}` };
        for (let p = 1; p < width; p++) r[`p${p}`] = `value-${p}-${j}`;
        rows.push(r);
      }
      await store.write('UNWIND $rows AS r CREATE (n:Entity:Identity) SET n = r', { rows });
    }
    const wallMs = ms(t0);
    await store.close();
    return { wallMs, nodes: n, width, perSecond: Math.round((n / wallMs) * 1000) };
  }
  throw new Error(`unknown step ${step}`);
}

const out = await main().catch((e) => {
  console.error(e);
  process.exit(1);
});
// CPU time (user + system) of the whole step, the figure to compare on a shared machine where wall time varies.
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ...out, cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
