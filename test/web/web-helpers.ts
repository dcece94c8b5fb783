// The web view's tests: the demo estate scanned into a fresh embedded store,
// a copy of it whose HR export carries markup in its values, and a server
// started in-process on 127.0.0.1 (port chosen by the system).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { cli, cliAsync as cliAsyncAt, tempDir, type CliResult } from '../helpers/cli.js';
import { demoStore } from '../helpers/demo-store.js';
import { analystRunner } from '../../src/cli/analyst-runner.js';
import { analystLimits } from '../../src/queries/query-limits.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { cliStore } from '../../src/cli/context.js';
import { dashboard } from '../../reports/dashboard.js';

export const DEMO = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

/** Values a provider could hand us that would run as script if a page pasted them in. */
export const INJECTIONS = [
  '<script>alert("dg1")</script>',
  '"><img src=x onerror=alert(\'dg2\')>',
  "' onmouseover='alert(3)' x='",
  '</textarea><svg/onload=alert(4)>',
];

/** Scan a snapshot into a new embedded store; returns the database path. The demo estate is a copy of the run's one demo scan. */
export function scanned(snapshot: string, prefix = 'driftgraph-web-'): string {
  if (snapshot === DEMO) return demoStore(prefix);
  const db = join(tempDir(prefix), 'graph.db');
  const r = cli(['--db', db, '-q', 'scan', '--from', snapshot]);
  assert.equal(r.code, 0, r.stderr);
  return db;
}

function csvField(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

/**
 * The demo estate with markup in HR values: the leaver Ethan Clarke's name
 * and title, and the mover Omar Haddad's name. Their findings' titles, the
 * person pages and the JML queue all show them.
 */
export function injectionEstate(): string {
  const dir = tempDir('driftgraph-inject-');
  cpSync(DEMO, dir, { recursive: true });
  const file = join(dir, 'hr', 'people.csv');
  const text = readFileSync(file, 'utf8')
    .replace('Ethan Clarke,engineering,Senior Software Engineer', `${csvField(INJECTIONS[0]!)},engineering,${csvField(INJECTIONS[1]!)}`)
    .replace('Omar Haddad,data,Data Engineer', `${csvField(INJECTIONS[3]! + INJECTIONS[2]!)},data,Data Engineer`);
  assert.ok(text.includes('dg1') && text.includes('svg/onload'), 'the HR export was not changed');
  writeFileSync(file, text);
  return dir;
}

export async function serve(db: string, host = '127.0.0.1', env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  return startServer({
    host,
    port: 0,
    openReadStore: (lockWaitSeconds) => cliStore({ db, quiet: true }, { lockWaitSeconds }, true),
    runAnalystQuery: (cypher, params, lockWaitSeconds, signal) => analystRunner({ db, quiet: true }, {}, analystLimits({}, 'console'), lockWaitSeconds)(cypher, params, signal),
    dashboard,
    env,
    storeLabel: db,
  });
}

export function base(s: RunningServer): string {
  return `http://127.0.0.1:${s.port}`;
}

/**
 * The command line without blocking this process's event loop (a blocked
 * loop lets the server's idle sockets expire under the client's feet).
 */
export function cliAsync(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliResult> {
  return cliAsyncAt(args, { env, ...(cwd ? { cwd } : {}) });
}
