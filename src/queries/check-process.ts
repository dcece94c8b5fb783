// `driftgraph query`'s check, started with the command. Loading Neo4j's
// parser and warming it takes about 0.4 s of CPU, more than the rest of the
// command. So `npm run build` keeps the loaded, warmed parser with the guard
// in a V8 start-up snapshot (scripts/build-query-check.mjs, check-snapshot.ts),
// and bin/driftgraph.mjs starts a process from it before the command line
// loads: the two load side by side, and the query is judged by the time the
// command has read it.
//
// Only an approval is taken from that process, for the very text sent; a
// refusal, an answer that is not one, or a process that could not start
// (no snapshot, a Node.js other than the one that built it) leaves the check
// to checkQuery in this process, which explains every refusal itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Verdict } from './check-query.js';

/** Where the build leaves the snapshot: dist/query-check/, beside dist/src/. */
const DIR = new URL('../../query-check/', import.meta.url);
export const SNAPSHOT = fileURLToPath(new URL('check.blob', DIR));
export const BUILT_WITH = fileURLToPath(new URL('built-with.json', DIR));

/** What a snapshot is tied to: it starts only on the Node.js that built it. */
export function runtimeId(): string {
  return `${process.version} ${process.platform} ${process.arch}`;
}

function snapshotUsable(): boolean {
  try {
    return existsSync(SNAPSHOT) && JSON.parse(readFileSync(BUILT_WITH, 'utf8')).runtime === runtimeId();
  } catch {
    return false;
  }
}

let running: { child: ChildProcess; answer: Promise<string | null> } | null = null;

/** Starts the check process, when the build left a snapshot this Node.js can start. */
export function startQueryCheck(): void {
  if (running || !snapshotUsable()) return;
  const child = spawn(process.execPath, ['--snapshot-blob', SNAPSHOT], { stdio: ['pipe', 'pipe', 'ignore'] });
  const out: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  const answer = new Promise<string | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(out).toString('utf8') : null));
  });
  // A process that could not start takes no query; a command that never asks
  // (a usage error, --help) exits without waiting, and the child sees its stdin close.
  child.stdin!.on('error', () => {});
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  (child.stdout as unknown as { unref(): void }).unref();
  running = { child, answer };
}

/** The check process's verdict on this text when it approves it; null otherwise (checkQuery then judges it here). */
export async function earlyVerdict(cypher: string): Promise<Verdict | null> {
  if (!running) return null;
  const { child, answer } = running;
  running = null;
  child.ref();
  (child.stdout as unknown as { ref(): void }).ref();
  child.stdin!.end(JSON.stringify({ cypher }));
  const text = await answer;
  try {
    const said = JSON.parse(text ?? '') as { cypher?: unknown; plain?: unknown };
    return said.cypher === cypher && typeof said.plain === 'string' ? { plain: said.plain } : null;
  } catch {
    return null;
  }
}
