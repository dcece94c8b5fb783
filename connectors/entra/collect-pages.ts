// Reading Graph collections page by page (`@odata.nextLink`) and writing them
// as the snapshot keeps them: an array of pages, each `{value: [...]}`,
// streamed to the file so a million sign-ins are never one string. Each item
// passes through `keep`, which copies only the fields the snapshot format
// names: secret material Graph returns (`hint`, `customKeyIdentifier`, a
// certificate's `key`, `secretText`) is never written.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphError } from './collect-client.js';

export type Item = Record<string, unknown>;

export interface GraphPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
}

/** Copy only `fields` of an object (nested objects by their own field lists). */
export function pick(o: unknown, fields: readonly (string | [string, readonly string[]])[]): Item {
  const src = (o ?? {}) as Item;
  const out: Item = {};
  for (const f of fields) {
    if (typeof f === 'string') {
      if (f in src) out[f] = src[f];
    } else {
      const [key, sub] = f;
      const v = src[key];
      if (Array.isArray(v)) out[key] = v.map((x) => pick(x, sub));
      else if (v && typeof v === 'object') out[key] = pick(v, sub);
      else if (key in src) out[key] = v;
    }
  }
  return out;
}

export class PagesFile {
  private readonly out: WriteStream;
  private pages = 0;
  items = 0;
  private constructor(out: WriteStream) {
    this.out = out;
  }
  static async open(path: string): Promise<PagesFile> {
    await mkdir(dirname(path), { recursive: true });
    const out = createWriteStream(path);
    await once(out, 'open');
    out.write('[');
    return new PagesFile(out);
  }
  async page(items: Item[]): Promise<void> {
    this.items += items.length;
    const ok = this.out.write(`${this.pages++ ? ',\n' : '\n'}${JSON.stringify({ value: items })}`);
    if (!ok) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end(']\n');
    await once(this.out, 'finish');
  }
}

/** Every page of `path` (a Graph path with its query), each item through `keep`, into `file`. */
export async function collectPages(client: Client, path: string, file: string, keep: (item: Item) => Item): Promise<number> {
  const out = await PagesFile.open(file);
  try {
    await forEachPage(client, path, (items) => out.page(items.map(keep)));
  } finally {
    await out.close();
  }
  return out.items;
}

export async function forEachPage(client: Client, path: string, onPage: (items: Item[]) => Promise<void>): Promise<void> {
  let next: string | null = path;
  while (next) {
    let res: GraphPage;
    try {
      res = (await client.api(next).get()) as GraphPage;
    } catch (e) {
      throw graphError(`GET ${path.split('?')[0]}`, e);
    }
    await onPage(Array.isArray(res.value) ? (res.value as Item[]) : []);
    next = typeof res['@odata.nextLink'] === 'string' ? res['@odata.nextLink'] : null;
  }
}
