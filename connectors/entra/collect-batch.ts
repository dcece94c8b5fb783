// Per-object lists (an app's owners, a group's members, an app's federated
// credentials) through Graph's JSON `$batch`: up to 20 GETs per call instead
// of one call each. A sub-request Graph throttles (429/503 inside the batch)
// is sent again after its own Retry-After; a list longer than one page
// follows its `@odata.nextLink` outside the batch.
import type { Client } from '@microsoft/microsoft-graph-client';
import { SourceError } from '../../src/util/errors.js';
import { graphError } from './collect-client.js';
import { forEachPage, type Item } from './collect-pages.js';

interface SubResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: { value?: unknown; '@odata.nextLink'?: unknown; error?: { code?: string } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_SUB_RETRIES = 6;

/**
 * For each request `{key, url}` (a path relative to the version root), every
 * item of its list; `onList` is called once per key, in order of completion.
 * A sub-request that fails (not 404: a deleted object is an empty list) fails
 * the whole collection with its URL and status.
 */
export async function batchLists(
  client: Client,
  requests: { key: string; url: string }[],
  batchSize: number,
  onList: (key: string, items: Item[]) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < requests.length; start += batchSize) {
    let pending = requests.slice(start, start + batchSize);
    for (let attempt = 0; pending.length; attempt++) {
      let res: { responses?: SubResponse[] };
      const body = { requests: pending.map((r, i) => ({ id: String(i), method: 'GET', url: r.url })) };
      try {
        res = (await client.api('/$batch').post(body)) as { responses?: SubResponse[] };
      } catch (e) {
        throw graphError('POST /$batch', e);
      }
      const retry: typeof pending = [];
      let wait = 0;
      for (const sub of res.responses ?? []) {
        const req = pending[Number(sub.id)];
        if (!req) continue;
        if ((sub.status === 429 || sub.status === 503 || sub.status === 504) && attempt < MAX_SUB_RETRIES) {
          retry.push(req);
          const after = Number(sub.headers?.['Retry-After'] ?? sub.headers?.['retry-after'] ?? NaN);
          wait = Math.max(wait, Number.isFinite(after) ? after : 2 ** attempt);
          continue;
        }
        if (sub.status === 404) {
          await onList(req.key, []);
          continue;
        }
        if (sub.status !== 200) {
          throw new SourceError('entra', sub.body?.error?.code ?? 'request failed', { api: `GET ${req.url.split('?')[0]} (in $batch)`, status: sub.status });
        }
        const items: Item[] = Array.isArray(sub.body?.value) ? [...(sub.body!.value as Item[])] : [];
        const next = sub.body?.['@odata.nextLink'];
        if (typeof next === 'string') await forEachPage(client, next, async (more) => { for (const m of more) items.push(m); });
        await onList(req.key, items);
      }
      const answered = new Set((res.responses ?? []).map((r) => Number(r.id)));
      const missing = pending.filter((_, i) => !answered.has(i));
      if (missing.length) throw new SourceError('entra', `$batch answered ${answered.size} of ${pending.length} requests`, { api: 'POST /$batch' });
      pending = retry;
      if (retry.length) await sleep(wait * 1000);
    }
  }
}
