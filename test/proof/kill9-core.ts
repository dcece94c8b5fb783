// The kill -9 property shared by `npm run proof:kill9` and test/kill9.test.ts.
// A store holds an earlier scan (the demo estate with one more SCIM user and
// an earlier now); a scan of the demo estate over a copy of it is killed with
// SIGKILL at a chosen moment. Then: the store opens; a scan killed after it
// began writing is visible as incomplete (its Scan node says 'running');
// the next scan completes; and its findings (`findings --format json`) and
// every node and edge equal those of a clean run over the same earlier store.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../src/graph/open-store.js';

const run = promisify(execFile);
export const REPO = new URL('../../', import.meta.url).pathname;
const BIN = join(REPO, 'bin/driftgraph.mjs');
export const DEMO = join(REPO, 'examples/demo-estate');
const EARLIER_NOW = '2026-11-13T02:00:00Z';

/**
 * Values that differ between two runs of the same scan by nature: run ids
 * (and `derivedRun`, the run that last changed a node's derived facts, with
 * the finding digests that include it), wall-clock times, timings.
 */
const VOLATILE = new Set(['lastScan', 'runId', 'startedAt', 'endedAt', 'sources', 'findingsNew', 'findingsResolved', 'findingsReopened', 'derivedRun', 'inputDigest']);

export interface Dump {
  nodes: string[];
  edges: string[];
}

function scrub(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every node and edge of the store, volatile values left out, sorted. */
export async function dump(db: string): Promise<Dump> {
  const store = await openStore({ dbPath: db, readOnly: true, lockWaitSeconds: 30 });
  try {
    const nodes = await store.read('MATCH (n) RETURN labels(n) AS l, properties(n) AS p');
    const edges = await store.read('MATCH (a)-[r]->(b) RETURN a.key AS a, a.id AS ai, type(r) AS t, b.key AS b, b.id AS bi, properties(r) AS p');
    return {
      nodes: nodes.map((r) => JSON.stringify([[...(r.l as string[])].sort(), scrub(r.p as Record<string, unknown>)])).sort(),
      edges: edges.map((r) => JSON.stringify([r.a ?? r.ai, r.t, r.b ?? r.bi, scrub((r.p ?? {}) as Record<string, unknown>)])).sort(),
    };
  } finally {
    await store.close();
  }
}

/** The Scan nodes' ids and statuses. */
export async function scans(db: string): Promise<{ id: string; status: string | null }[]> {
  const store = await openStore({ dbPath: db, readOnly: true, lockWaitSeconds: 30 });
  try {
    const rows = await store.read('MATCH (s:Scan) RETURN s.id AS id, s.status AS status ORDER BY id');
    return rows.map((r) => ({ id: r.id as string, status: (r.status as string | null) ?? null }));
  } finally {
    await store.close();
  }
}

export async function findingsJson(db: string): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, '-q', '--db', db, 'findings', '--status', 'all', '--format', 'json'], { cwd: REPO, maxBuffer: 64 << 20 });
  return stdout;
}

/** Differences between two dumps, as a count of lines in one and not the other. */
export function differences(a: Dump, b: Dump): number {
  const diff = (x: string[], y: string[]) => {
    const ys = new Map<string, number>();
    for (const l of y) ys.set(l, (ys.get(l) ?? 0) + 1);
    let n = 0;
    for (const l of x) {
      const k = ys.get(l) ?? 0;
      if (k === 0) n++;
      else ys.set(l, k - 1);
    }
    return n;
  };
  return diff(a.nodes, b.nodes) + diff(b.nodes, a.nodes) + diff(a.edges, b.edges) + diff(b.edges, a.edges);
}

/**
 * The scan command as a child process; resolves with its exit code or signal.
 * `killAfterMs` counts from the scan's first progress line ("scan of ... as
 * of ..."), printed just before it starts writing, so kills land in the
 * window where the store changes rather than while Node starts; `ms` is the
 * length of that window.
 */
export function scan(db: string, from: string, opts: { now?: string; killAfterMs?: number } = {}): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const args = [BIN, '--db', db, 'scan', '--from', from];
  if (opts.now) args.push('--now', opts.now);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    let seen = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (started) return;
      seen += chunk.toString('utf8');
      if (!/scan of .* as of /.test(seen)) return;
      started = Date.now();
      if (opts.killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: started ? Date.now() - started : 0 });
    });
  });
}

export interface Fixture {
  root: string;
  /** The store after the earlier scan. */
  earlierDb: string;
  earlierDump: Dump;
  /** The clean run: the earlier store plus one complete scan of the demo estate. */
  cleanDump: Dump;
  cleanFindings: string;
  cleanMs: number;
}

/** The demo estate with one more SCIM user: the later scan removes it and resolves its findings. */
function earlierSnapshot(dir: string): string {
  cpSync(DEMO, dir, { recursive: true });
  const file = join(dir, 'scim/atlassian/Users.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const list: Record<string, unknown>[] = Array.isArray(doc) ? doc : doc.Resources;
  const extra = structuredClone(list[0]!);
  extra.id = 'kill9-gone-user';
  extra.userName = 'gone.user@northwind.example';
  extra.active = true;
  list.push(extra);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return dir;
}

function storeDir(root: string, name: string): string {
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return join(dir, 'graph.db');
}

export async function fixture(root: string): Promise<Fixture> {
  const earlier = earlierSnapshot(join(root, 'earlier-snapshot'));
  const earlierDb = storeDir(root, 'earlier');
  const first = await scan(earlierDb, earlier, { now: EARLIER_NOW });
  if (first.code !== 0) throw new Error(`the earlier scan exited ${first.code}`);
  const cleanDb = storeDir(root, 'clean');
  cpSync(join(root, 'earlier'), join(root, 'clean'), { recursive: true });
  const clean = await scan(cleanDb, DEMO);
  if (clean.code !== 0) throw new Error(`the clean scan exited ${clean.code}`);
  return {
    root,
    earlierDb,
    earlierDump: await dump(earlierDb),
    cleanDump: await dump(cleanDb),
    cleanFindings: await findingsJson(cleanDb),
    cleanMs: clean.ms,
  };
}

export interface TrialResult {
  killAfterMs: number;
  /** When the kill landed: the scan had not begun writing, was part-way, or had finished. */
  phase: 'before' | 'during' | 'after';
  storeOpened: boolean;
  /** Part-way, yet no Scan node says 'running'. */
  invisible: boolean;
  nextCompleted: boolean;
  nodeDiffs: number;
  findingsDiffer: boolean;
  /** A running Scan node left after the next scan completed. */
  staleRunning: boolean;
  error?: string;
}

export async function trial(f: Fixture, name: string, killAfterMs: number): Promise<TrialResult> {
  const db = storeDir(f.root, name);
  cpSync(join(f.root, 'earlier'), join(f.root, name), { recursive: true });
  const r: TrialResult = { killAfterMs, phase: 'before', storeOpened: false, invisible: false, nextCompleted: false, nodeDiffs: -1, findingsDiffer: true, staleRunning: false };
  try {
    const killed = await scan(db, DEMO, { killAfterMs });
    let afterKill: Dump;
    let status: { id: string; status: string | null }[];
    try {
      afterKill = await dump(db);
      status = await scans(db);
      r.storeOpened = true;
    } catch (e) {
      r.error = `store did not open after the kill: ${(e as Error).message}`;
      return r;
    }
    const running = status.some((s) => s.status === 'running');
    if (killed.signal === null) r.phase = 'after';
    else if (differences(afterKill, f.earlierDump) === 0) r.phase = 'before';
    else if (running) r.phase = 'during';
    else if (differences(afterKill, f.cleanDump) === 0) r.phase = 'after';
    else {
      r.phase = 'during';
      r.invisible = true;
    }
    const next = await scan(db, DEMO);
    r.nextCompleted = next.code === 0;
    const final = await dump(db);
    r.nodeDiffs = differences(final, f.cleanDump);
    r.findingsDiffer = (await findingsJson(db)) !== f.cleanFindings;
    r.staleRunning = (await scans(db)).some((s) => s.status === 'running');
  } catch (e) {
    r.error = (e as Error).message;
  } finally {
    rmSync(join(f.root, name), { recursive: true, force: true });
  }
  return r;
}

/** A trial that broke the property. */
export function failed(r: TrialResult): boolean {
  return !!r.error || !r.storeOpened || r.invisible || !r.nextCompleted || r.nodeDiffs !== 0 || r.findingsDiffer || r.staleRunning;
}
