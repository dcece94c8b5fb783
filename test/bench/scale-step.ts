// One measured step of the scale benchmark, in a process of its own so its
// peak RSS is its own. Prints one JSON line on stdout.
//   scan <db> <snapshot>      a whole scan (runScan), writes counted per kind
//   findings <db> <format>    `findings --format json|csv`, streamed to /dev/null
//   bulk <db> <n> <width>     the engine's own bulk create: n nodes of `width`
//                             string properties, UNWIND ... CREATE, no MERGE
import { createWriteStream, statSync } from 'node:fs';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import type { GraphStore, Params, Row } from '../../src/graph/store.js';
import { runScan } from '../../src/scan/run-scan.js';
import { registry } from '../../connectors/index.js';
import { printStreamed, streamFindings } from '../../src/cli/commands/findings.js';

const [step, db, a, b] = process.argv.slice(2);
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/** What a write statement does, from its text: the writer's, the derive step's, the findings'. */
function kindOf(cypher: string): string {
  if (/MERGE \(n:Entity/.test(cypher)) return 'nodes';
  if (/MERGE \(a\)-\[e:/.test(cypher)) return 'relationships';
  if (/AS removed|AS dropped/.test(cypher)) return 'removals';
  if (/Finding/.test(cypher)) return 'findings';
  if (/Scan/.test(cypher)) return 'scan';
  return 'derive';
}

interface Tally { statements: number; rows: number; ms: number }

function counted(store: GraphStore, tallies: Map<string, Tally>): GraphStore {
  const time = async (kind: string, rows: number, run: () => Promise<Row[]>) => {
    const t = process.hrtime.bigint();
    const out = await run();
    const tally = tallies.get(kind) ?? { statements: 0, rows: 0, ms: 0 };
    tally.statements++;
    tally.rows += rows;
    tally.ms += ms(t);
    tallies.set(kind, tally);
    return out;
  };
  const rowsOf = (p?: Params) => {
    const list = (p?.rows ?? p?.keys) as unknown[] | undefined;
    return Array.isArray(list) ? list.length : 1;
  };
  return {
    kind: store.kind,
    location: store.location,
    read: (c: string, p?: Params) => time('reads', 0, () => store.read(c, p)),
    write: (c: string, p?: Params) => time(kindOf(c), rowsOf(p), () => store.write(c, p)),
    writeTx: (w) => store.writeTx(w),
    close: () => store.close(),
  };
}

function fileSize(path: string): number {
  let size = 0;
  for (const p of [path, `${path}.wal`]) {
    try {
      size += statSync(p).size;
    } catch {
      /* absent */
    }
  }
  return size;
}

async function main(): Promise<Record<string, unknown>> {
  if (step === 'scan') {
    const tallies = new Map<string, Tally>();
    const store = await openEmbeddedStore(db!);
    const t0 = process.hrtime.bigint();
    let loadEnd = 0;
    await ensureSchema(store);
    const result = await runScan(counted(store, tallies), {
      snapshotDir: a!,
      config: {},
      exceptions: [],
      registry,
      progress: { step: (m: string) => { if (m.startsWith('linking:')) loadEnd = ms(t0); } },
    });
    const scanMs = ms(t0);
    // The width of what was loaded, for the bulk-create comparison.
    const sample = await store.read("MATCH (n:Identity) WHERE n.source = 'aws' RETURN n LIMIT 500");
    const width = sample.length ? Math.round(sample.reduce((s, r) => s + Object.keys(r.n as object).length, 0) / sample.length) : 0;
    const tc = process.hrtime.bigint();
    await store.close();
    return {
      wallMs: scanMs + ms(tc),
      loadMs: loadEnd,
      closeMs: ms(tc),
      exitCode: result.exitCode,
      findings: { ...result.lifecycle, transitions: result.lifecycle.transitions.length },
      tallies: Object.fromEntries(tallies),
      width,
      fileBytes: fileSize(db!),
    };
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
console.log(JSON.stringify({ ...out, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
