// `findings --format json|csv|sarif|ocsf`, to standard output or a file,
// written finding by finding: the selected ids are read first (light), then
// whole findings a page at a time, so memory holds one page whatever the
// store holds. Each format is byte for byte its whole-list form.
import { rename, mkdir, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { GraphStore } from '../../graph/store.js';
import { readFindingsByIds, toContract } from '../../findings/finding-store.js';
import { printStreamed, selectIds, streamFindings, type FindingsFilter } from '../../findings/select.js';
import type { Finding } from '../../findings/finding.js';
import type { RuleFile } from '../../rules/rule-file.js';
import { sarifChunks, type ToolInfo } from './sarif.js';
import { toOcsf } from './ocsf.js';

export type StreamedFormat = 'json' | 'csv' | 'sarif' | 'ocsf';

/** A JSON array, an item at a time: byte for byte `JSON.stringify(items, null, 2)`. */
async function* jsonArray<T>(items: AsyncIterable<T>, map: (t: T) => unknown): AsyncGenerator<string> {
  let first = true;
  for await (const item of items) {
    yield (first ? '[\n' : ',\n') + JSON.stringify(map(item), null, 2).replace(/^/gm, '  ');
    first = false;
  }
  yield first ? '[]' : '\n]';
}

/** The selected findings in `format`, through `emit` (which waits for the reader). Returns how many. */
export async function exportFindings(
  store: GraphStore,
  o: FindingsFilter,
  format: StreamedFormat,
  emit: (text: string) => Promise<void>,
  sarif: { rules: RuleFile[]; tool: ToolInfo },
): Promise<number> {
  const selected = await selectIds(store, o);
  const findings = streamFindings(store, o, selected);
  if (format === 'json' || format === 'csv') {
    await printStreamed(format, findings, emit);
    return selected.ids.length;
  }
  let chunks: AsyncGenerator<string>;
  if (format === 'ocsf') chunks = jsonArray(findings, (f: Finding) => toOcsf(f, sarif.tool));
  else {
    // A rule no file describes any more gets its descriptor from its first finding, read alone.
    const known = new Set(sarif.rules.map((r) => r.id));
    const firstIds: string[] = [];
    const seen = new Set<string>();
    selected.ruleIds.forEach((rule, i) => {
      if (known.has(rule) || seen.has(rule)) return;
      seen.add(rule);
      firstIds.push(selected.ids[i]!);
    });
    const firstOfUnknown = (await readFindingsByIds(store, firstIds, selected.latest)).map(toContract);
    chunks = sarifChunks(findings, sarif.rules, firstOfUnknown, sarif.tool);
  }
  for await (const text of chunks) await emit(text);
  await emit('\n');
  return selected.ids.length;
}

/** Write through a temporary file beside `file`, renamed when complete: a reader of FILE never sees half of it. */
export async function toFileAtomically(file: string, write: (emit: (text: string) => Promise<void>) => Promise<number>): Promise<number> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const closed = new Promise<void>((resolve, reject) => {
    out.once('close', resolve);
    out.once('error', reject);
  });
  closed.catch(() => {}); // awaited below
  try {
    const n = await write(async (text) => {
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    });
    out.end();
    await closed;
    await rename(tmp, file);
    return n;
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}
