// A nightly re-scan mostly reads files that did not change. For a source
// whose connector maps a container from its own files alone
// (Connector.skipsUnchanged), the store keeps, per container, the size and
// content hash of every file its last complete load read, with the config
// and driftgraph code it was read with. A container whose folder still holds
// exactly those files is not read again: what the store holds of it is what
// reading it would write. Any change (a file added, gone, resized or
// rewritten, the source's config, a driftgraph upgrade) reads it in full, and
// so does the scan's now reaching the instant a connector that maps with now
// said its records hold until (`validUntil`: an HR date taking effect).
//
// The digest is recorded only after the container was written and its
// source finished cleanly (removals done); it is cleared before a container
// is written again, so a load that breaks half way can never leave a digest
// that claims the store holds what it does not.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import { codeDigest } from '../util/code-digest.js';
import { append } from '../util/arrays.js';
import { redactText } from '../util/redact.js';

/** What the store remembers of a container's last complete load. */
export interface ContainerDigest {
  digest: string;
  /** Its files, `path<TAB>size<TAB>sha1`, for saying which changed. */
  files: string[];
  nodes: number;
  edges: number;
  edgesSkipped: number;
  warnings: string[];
  /** The scan's now it was read at, and (for records mapped with now) the instant from which they would map differently. */
  at: string | null;
  validUntil: string | null;
}

const idOf = (source: string, container: string) => `snapshot-files:${source}:${container}`;

async function sha1(file: string): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * Every entry under `dir` as `relative-path<TAB>size<TAB>sha1` (files) or
 * `relative-path<TAB>kind` (anything else: a link, a FIFO), sorted. Missing: [].
 * `depth` 1 lists only the entries directly in it (a source's own files).
 */
export async function folderFiles(dir: string, depth = Infinity, root = dir): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    const rel = relative(root, path);
    if (e.isDirectory()) {
      if (depth > 1) append(out, await folderFiles(path, depth - 1, root));
    } else if (e.isFile()) {
      const size = (await lstat(path)).size;
      out.push(`${rel}\t${size}\t${await sha1(path)}`);
    } else out.push(`${rel}\t${e.isSymbolicLink() ? 'link' : 'other'}`);
  }
  return out.sort();
}

/** The digest of a container as it is now: its files, the source's own files, the config and the code. */
export async function containerDigest(
  snapshotDir: string,
  source: string,
  container: string,
  config: unknown,
): Promise<{ digest: string; files: string[] }> {
  const sourceDir = join(snapshotDir, source);
  const files = container ? await folderFiles(join(sourceDir, container)) : await folderFiles(sourceDir);
  const beside = container ? await folderFiles(sourceDir, 1) : [];
  const digest = createHash('sha1')
    .update(JSON.stringify({ files, beside, config: config ?? null, code: await codeDigest() }))
    .digest('base64');
  return { digest, files };
}

/** The digests the store holds for a source's containers. */
export async function storedDigests(store: GraphStore, source: string): Promise<Map<string, ContainerDigest>> {
  const out = new Map<string, ContainerDigest>();
  for (const r of await store.read(
    `MATCH (f:SnapshotFiles) WHERE f.source = $source AND f.digest IS NOT NULL
     RETURN f.container AS container, f.digest AS digest, f.digestFiles AS files, f.digestNodes AS nodes,
            f.digestEdges AS edges, f.digestEdgesSkipped AS edgesSkipped, f.digestWarnings AS warnings,
            f.digestAt AS at, f.digestValidUntil AS validUntil`,
    { source },
  )) {
    out.set(String(r.container ?? ''), {
      digest: String(r.digest),
      files: Array.isArray(r.files) ? r.files.map(String) : [],
      nodes: Number(r.nodes ?? 0),
      edges: Number(r.edges ?? 0),
      edgesSkipped: Number(r.edgesSkipped ?? 0),
      warnings: Array.isArray(r.warnings) ? r.warnings.map(String) : [],
      at: typeof r.at === 'string' ? r.at : null,
      validUntil: typeof r.validUntil === 'string' ? r.validUntil : null,
    });
  }
  return out;
}

/** Forget the digests of these containers (before they are written again). */
export async function clearDigests(store: GraphStore, source: string, containers: string[]): Promise<void> {
  if (!containers.length) return;
  await store.write(
    `UNWIND $ids AS fid MATCH (f:SnapshotFiles {id: fid}) SET f.digest = null, f.digestFiles = null, f.digestWarnings = null`,
    { ids: containers.map((c) => idOf(source, c)) },
  );
}

/** Remember the digests of containers loaded completely. */
export async function rememberDigests(store: GraphStore, source: string, digests: Map<string, ContainerDigest>): Promise<void> {
  if (!digests.size) return;
  await store.write(
    `UNWIND $rows AS r
     MERGE (f:SnapshotFiles {id: r.id})
     SET f.source = $source, f.container = r.container, f.digest = r.digest, f.digestFiles = r.files,
         f.digestNodes = r.nodes, f.digestEdges = r.edges, f.digestEdgesSkipped = r.edgesSkipped, f.digestWarnings = r.warnings,
         f.digestAt = r.at, f.digestValidUntil = r.validUntil`,
    {
      source,
      // Warnings are told again when the container is skipped as unchanged, so they are stored: redacted like every stored text.
      rows: [...digests].map(([container, d]) => ({ id: idOf(source, container), container, ...d, warnings: d.warnings.map(redactText) })),
    },
  );
}

/** Which files differ between two listings, for the progress line: `credential-report.csv`, `+new.json`, `-gone.json`. */
export function changedFiles(before: string[], now: string[]): string[] {
  const byName = (lines: string[]) => new Map(lines.map((l) => [l.split('\t')[0]!, l]));
  const was = byName(before);
  const is = byName(now);
  const out: string[] = [];
  for (const [n, l] of is) {
    if (!was.has(n)) out.push(`+${n}`);
    else if (was.get(n) !== l) out.push(n);
  }
  for (const n of was.keys()) if (!is.has(n)) out.push(`-${n}`);
  return out;
}
