// Access review campaign at scale: a generated estate (the scale benchmark's,
// every source) scanned once, then `review start --scope all` timed in this
// process (graph reads, items file, store mirror), and the reviewer's queue
// page of the web view timed over HTTP (the first answer, which reads the
// campaign's files, and the median of 20 after it) for the reviewer with the
// most items and for a typical one.
//   node --import tsx test/bench/review-campaign.ts [--size S|M|L|<people>]
//   npm run bench -- review-campaign --size L   (100,000 people; takes long)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEstate } from '../helpers/estate.js';
import { scaleEstate } from './scale-estate.js';
import { startCampaign } from '../../src/cli/commands/review.js';
import { ReviewDesk } from '../../src/reviews/desk.js';
import { makeLink } from '../../src/reviews/links.js';
import { startServer } from '../../src/web/server.js';
import { cliStore } from '../../src/cli/context.js';
import { dashboard } from '../../reports/dashboard.js';

const SIZES: Record<string, number> = { S: 2_000, M: 10_000, L: 100_000 };
const at = process.argv.indexOf('--size');
const sizeName = (at >= 0 ? process.argv[at + 1] : undefined) ?? process.env.BENCH_SIZE ?? 'S';
const people = SIZES[sizeName.toUpperCase()] ?? Number(sizeName);
if (!Number.isInteger(people) || people < 10) throw new Error(`--size S, M, L or a number of people, got ${sizeName}`);
const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-review-bench-'));
try {
  const snap = await writeEstate(scaleEstate({ people, collectedAt: new Date(Date.UTC(2026, 10, 10, 2)).toISOString() }), dir);
  const db = join(dir, 'graph.db');
  const ts = Date.now();
  const scan = spawnSync(process.execPath, [BIN, '-q', '--db', db, 'scan', '--from', snap], { encoding: 'utf8', env: { ...process.env, NEO4J_URI: '' } });
  if (scan.status !== 0 && scan.status !== 1) throw new Error(`scan failed: ${scan.stderr.slice(-2000)}`);
  console.log(`estate: ${people.toLocaleString('en')} people, scanned in ${((Date.now() - ts) / 1000).toFixed(1)} s`);

  const config = join(dir, 'driftgraph.yaml');
  writeFileSync(config, 'reviews:\n  fallbackReviewer: security@example.com\n  dir: reviews\n');
  const heap = process.memoryUsage().rss;
  const tc = Date.now();
  const state = await startCampaign({ db, config, quiet: true }, { scope: 'all', by: 'bench@example.com' });
  const createMs = Date.now() - tc;
  const c = state.campaign;
  console.log(`campaign ${c.id}: ${c.items.toLocaleString('en')} items, ${c.accesses.toLocaleString('en')} accesses, ${state.byReviewer.size.toLocaleString('en')} reviewers, ${c.fallbackItems.toLocaleString('en')} to the fallback reviewer`);
  console.log(`created in ${(createMs / 1000).toFixed(1)} s (goal for 100,000 items: under 60 s); RSS grew ${((process.memoryUsage().rss - heap) / 2 ** 20).toFixed(0)} MiB`);

  const desk = new ReviewDesk(join(dir, 'reviews'), {});
  const server = await startServer({ host: '127.0.0.1', port: 0, openReadStore: (w) => cliStore({ db, quiet: true }, { lockWaitSeconds: w }, true), dashboard, storeLabel: db, reviews: desk });
  try {
    const byCount = [...state.byReviewer.entries()].sort((a, b) => b[1].length - a[1].length);
    const typical = byCount[Math.floor(byCount.length / 2)]!;
    for (const [label, [reviewer, ids]] of [['most items', byCount[0]!], ['typical', typical]] as const) {
      const token = makeLink(await desk.secret(), c.id, reviewer, new Date(Date.now() + 3_600_000).toISOString()).token;
      const open = await fetch(`http://127.0.0.1:${server.port}/review/open?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
      const cookie = /driftgraph_review=[^;]+/.exec(open.headers.get('set-cookie') ?? '')![0];
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        const r = await fetch(`http://127.0.0.1:${server.port}/review/`, { headers: { cookie } });
        await r.text();
        if (r.status !== 200) throw new Error(`queue page: ${r.status}`);
        times.push(performance.now() - t);
      }
      const first = times.shift()!;
      times.sort((a, b) => a - b);
      console.log(`queue page, ${label} (${reviewer}, ${ids.length.toLocaleString('en')} items, 50 a page): first ${first.toFixed(0)} ms, median ${times[10]!.toFixed(1)} ms, slowest ${times[19]!.toFixed(1)} ms (goal: under 300 ms)`);
    }
  } finally {
    await server.close();
  }
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
