// The demo estate scanned once per `npm test` run, not once per test file:
// test/run-tests.ts scans it before the files start and names the store in
// DRIFTGRAPH_TEST_DEMO_STORE; a file run on its own scans it on first use.
// Every caller gets its own copy in a fresh folder, so a test may write to
// it, and files running side by side never share one.
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
export const DEMO_ESTATE_DIR = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

/** Scans the demo estate into `db` with the command line (as `scan --from examples/demo-estate`). */
export function scanDemoInto(db: string): void {
  mkdirSync(dirname(db), { recursive: true });
  const r = spawnSync(process.execPath, [BIN, '-q', '--db', db, 'scan', '--from', DEMO_ESTATE_DIR], {
    cwd: dirname(db),
    env: { ...process.env, NEO4J_URI: '' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the demo scan failed (exit ${r.status}): ${r.stderr}`);
}

let scannedHere: string | undefined;

function cachedStore(): string {
  const shared = process.env.DRIFTGRAPH_TEST_DEMO_STORE;
  if (shared && existsSync(shared)) return shared;
  if (!scannedHere) {
    const db = join(mkdtempSync(join(tmpdir(), 'driftgraph-demo-cache-')), 'graph.db');
    scanDemoInto(db);
    scannedHere = db;
  }
  return scannedHere;
}

/** A fresh copy of the scanned demo store (the file and what lies beside it); returns the copy's path. */
export function demoStore(prefix = 'driftgraph-demo-'): string {
  const source = cachedStore();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(dirname(source), dir, { recursive: true });
  return join(dir, basename(source));
}
