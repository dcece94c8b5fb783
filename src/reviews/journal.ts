// A campaign's files: campaign.json (written once, at the start), items.jsonl
// and events.jsonl (append-only). Every append is synced to disk before the
// caller answers anyone, so a decision acknowledged is a decision kept, even
// through a kill -9; a line cut short by a crash mid-write is skipped on
// reading and the next append starts on a fresh line.
import { mkdirSync } from 'node:fs';
import { open, readFile, writeFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Campaign } from './model.js';

export const campaignDir = (dir: string, id: string) => join(dir, id);
export const campaignFile = (dir: string, id: string) => join(dir, id, 'campaign.json');
export const itemsFile = (dir: string, id: string) => join(dir, id, 'items.jsonl');
export const eventsFile = (dir: string, id: string) => join(dir, id, 'events.jsonl');

/** Append lines and fsync; one write call, so two writers never interleave inside a line. */
export async function appendLines(file: string, lines: unknown[]): Promise<void> {
  if (!lines.length) return;
  mkdirSync(dirname(file), { recursive: true });
  const fh = await open(file, 'a+', 0o600);
  try {
    const { size } = await fh.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await fh.read(last, 0, 1, size - 1);
    await fh.write((size > 0 && last[0] !== 0x0a ? '\n' : '') + lines.map((x) => JSON.stringify(x) + '\n').join(''));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Written to a temporary name, synced, then renamed: a crash leaves the old file or the new one. */
export async function writeCampaign(dir: string, c: Campaign): Promise<void> {
  const file = campaignFile(dir, c.id);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  const fh = await open(tmp, 'r+');
  await fh.sync();
  await fh.close();
  await rename(tmp, file);
}

export async function readCampaign(dir: string, id: string): Promise<Campaign | null> {
  try {
    return JSON.parse(await readFile(campaignFile(dir, id), 'utf8')) as Campaign;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${campaignFile(dir, id)}: cannot be read: ${(e as Error).message}`);
  }
}

/** The JSON lines from byte `from` on, and where the last complete line ended. */
export async function readLinesFrom<T>(file: string, from = 0): Promise<{ rows: T[]; end: number }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { rows: [], end: 0 };
    throw e;
  }
  if (size <= from) return { rows: [], end: from };
  const fh = await open(file, 'r');
  let buf: Buffer;
  try {
    buf = Buffer.alloc(size - from);
    await fh.read(buf, 0, buf.length, from);
  } finally {
    await fh.close();
  }
  // Only complete lines: a line still being written is read next time.
  const lastNl = buf.lastIndexOf(0x0a);
  if (lastNl < 0) return { rows: [], end: from };
  const rows: T[] = [];
  for (const line of buf.subarray(0, lastNl).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line) as T);
    } catch {
      // A line cut short by a crash: nothing acknowledged was in it.
      continue;
    }
  }
  return { rows, end: from + lastNl + 1 };
}
