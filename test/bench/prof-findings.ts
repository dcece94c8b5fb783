import { createWriteStream } from 'node:fs';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { printStreamed, selectIds, streamFindings } from '../../src/findings/select.js';
const [db] = process.argv.slice(2);
const t0 = Date.now();
const mem = (m: string) => { const u = process.memoryUsage(); console.log(`${m} @${((Date.now()-t0)/1000).toFixed(1)}s rss ${(u.rss/2**20).toFixed(0)} heap ${(u.heapUsed/2**20).toFixed(0)} ext ${(u.external/2**20).toFixed(0)} maxrss ${(process.resourceUsage().maxRSS/1024).toFixed(0)}`); };
mem('start');
const store = await openEmbeddedStore(db!, { readOnly: true });
mem('open');
const sel = await selectIds(store, { status: 'all' });
mem(`selected ${sel.ids.length}`);
const out = createWriteStream('/dev/null');
let n = 0;
await printStreamed('json', streamFindings(store, { status: 'all' }, sel), async (text) => {
  if (++n % 50000 === 0) mem(`streamed ${n}`);
  if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
});
mem('done');
await store.close();
