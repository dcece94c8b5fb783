// An in-process scheduler on a temp embedded store, with its log lines
// collected as parsed JSON objects.
import { cpSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/config/parse.js';
import { configSections, registry, runReportJob } from '../../src/cli/registry.js';
import { openStore } from '../../src/graph/open-store.js';
import type { GraphStore } from '../../src/graph/store.js';
import { schedulerLogger } from '../../src/schedule/log.js';
import { schedulePlan } from '../../src/schedule/config.js';
import type { RunnerDeps } from '../../src/schedule/run-job.js';
import { tempDir } from './cli.js';

export const DEMO_ESTATE = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));

export interface Harness {
  dir: string;
  dbPath: string;
  estate: string;
  deps: RunnerDeps;
  lines: Record<string, unknown>[];
  /** Open the store (close it before the scheduler needs it). */
  open(): Promise<GraphStore>;
}

/** `schedule` is the config's schedule section; `from` defaults to a copy of the demo estate; `extra`: other config keys. */
export function harness(schedule: Record<string, unknown>, extra: Record<string, unknown> = {}): Harness {
  const dir = tempDir('driftgraph-schedule-');
  const estate = join(dir, 'estate');
  cpSync(DEMO_ESTATE, estate, { recursive: true });
  const dbPath = join(dir, 'graph.db');
  const scan = (schedule.scan as Record<string, unknown> | undefined) ?? {};
  const config = parseConfig({ schedule: { ...schedule, scan: { from: estate, ...scan } }, lockWaitSeconds: 30, ...extra }, configSections);
  const lines: Record<string, unknown>[] = [];
  const log = schedulerLogger('json', { write: (line: string) => lines.push(JSON.parse(line)) });
  const open = () => openStore({ dbPath, lockWaitSeconds: 30 });
  const deps: RunnerDeps = { registry, runReport: runReportJob, config, configDir: dir, plan: schedulePlan(config), log, openStore: open };
  return { dir, dbPath, estate, deps, lines, open };
}

/**
 * Waits until `check()` holds (`what` names it for whoever reads the code),
 * looking again every 50 ms. No deadline: a busy machine makes it slower,
 * never red.
 */
export async function waitFor(_what: string, check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

/** A webhook receiver on 127.0.0.1: every POST body, parsed; `status` is what it answers. */
export async function webhookReceiver(
  status = 200,
): Promise<{ url: string; bodies: Record<string, unknown>[]; raw: { body: string; headers: Record<string, unknown> }[]; close(): Promise<void> }> {
  const bodies: Record<string, unknown>[] = [];
  const raw: { body: string; headers: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      raw.push({ body, headers: req.headers });
      bodies.push(JSON.parse(body));
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, raw, close: () => new Promise((r) => server.close(() => r())) };
}

/** A fresh folder with this driftgraph.yaml, and the global options that point the CLI at it and its store. */
export function scheduleSetUp(yaml: string, prefix: string): { dir: string; args: string[] } {
  const dir = tempDir(prefix);
  const config = join(dir, 'driftgraph.yaml');
  writeFileSync(config, yaml);
  return { dir, args: ['--config', config, '--db', join(dir, 'graph.db')] };
}

/** A run as `driftgraph runs --format json` lists it. */
export interface RunJson {
  id: string;
  job: string;
  trigger: string;
  outcome: string;
  startedAt: string;
  slot: string | null;
}
