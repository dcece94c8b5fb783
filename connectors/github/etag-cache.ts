// Conditional requests for nightly re-scans: each GET's ETag and body are kept
// in the state folder beside the store; the next request sends If-None-Match
// and, on 304 (which GitHub does not count against the rate limit), gets the
// stored body back, Link header included, so pagination walks on unchanged.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Entry {
  etag: string;
  link: string | null;
  data: unknown;
}

export interface CacheStats {
  /** Requests GitHub answered 304 (free). */
  notModified: number;
  /** Requests answered with a body (each costs one request of the rate limit). */
  fetched: number;
}

export class EtagCache {
  private entries = new Map<string, Entry>();
  private seen = new Set<string>();
  readonly stats: CacheStats = { notModified: 0, fetched: 0 };

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, Entry>;
      for (const [k, v] of Object.entries(raw)) if (v && typeof v.etag === 'string') this.entries.set(k, v);
    } catch {
      // No state yet, or unreadable state: start afresh (a full fetch is always correct).
      this.entries.clear();
    }
  }

  /** Keeps only what this run asked for, so the file does not grow with deleted repos and teams. */
  async save(): Promise<void> {
    const out: Record<string, Entry> = {};
    for (const k of this.seen) {
      const e = this.entries.get(k);
      if (e) out[k] = e;
    }
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, JSON.stringify(out));
    await rename(tmp, this.file);
  }

  etagFor(key: string): string | null {
    this.seen.add(key);
    return this.entries.get(key)?.etag ?? null;
  }

  /** A copy of the stored body: the paginator reshapes what it is given. */
  reuse(key: string): { data: unknown; link: string | null } | null {
    const e = this.entries.get(key);
    if (!e) return null;
    this.stats.notModified++;
    return { data: structuredClone(e.data), link: e.link };
  }

  store(key: string, etag: string | undefined, link: string | undefined, data: unknown): void {
    this.stats.fetched++;
    if (etag) this.entries.set(key, { etag, link: link ?? null, data: structuredClone(data) });
    else this.entries.delete(key);
  }
}
