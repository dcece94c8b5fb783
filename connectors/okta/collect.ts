// Live Okta -> `okta/system-log.json`. A nightly collection reads only the
// sign-ins since the last event it saw (a cursor in the state folder), adds
// them to the sign-ins it kept, drops those older than `windowDays`, and
// writes the rest: the snapshot always holds the whole window.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { SourceError } from '../../src/util/errors.js';
import { readLogs } from './client.js';
import { DEFAULT_WINDOW_DAYS, type OktaConfig } from './config.js';
import { SIGN_IN_TYPES } from './sign-ins.js';

interface Kept {
  /** The `published` of the newest event read so far: the next `since`. */
  cursor: string | null;
  events: Record<string, unknown>[];
}

const FILTER = [...SIGN_IN_TYPES].map((t) => `eventType eq "${t}"`).join(' or ');

async function readKept(path: string): Promise<Kept> {
  try {
    const k = JSON.parse(await readFile(path, 'utf8')) as Kept;
    return { cursor: typeof k.cursor === 'string' ? k.cursor : null, events: Array.isArray(k.events) ? k.events : [] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { cursor: null, events: [] };
    // A damaged state file only costs a full re-read of the window.
    return { cursor: null, events: [] };
  }
}

export async function collectOkta(outDir: string, ctx: CollectContext<OktaConfig>): Promise<CollectResult> {
  const conf = ctx.config ?? {};
  if (!conf.baseUrl) throw new SourceError('okta', 'okta.baseUrl (the org URL) is not set in the config');
  const envName = conf.tokenEnv ?? 'OKTA_API_TOKEN';
  const token = process.env[envName];
  if (!token) throw new SourceError('okta', `the environment variable ${envName} that holds the API token is not set`);
  const windowDays = conf.windowDays ?? DEFAULT_WINDOW_DAYS;
  const windowStart = new Date(Date.parse(ctx.now) - windowDays * 86_400_000).toISOString();

  await mkdir(ctx.stateDir, { recursive: true });
  const statePath = join(ctx.stateDir, 'okta-sign-ins.json');
  const kept = await readKept(statePath);
  const since = kept.cursor && kept.cursor > windowStart ? kept.cursor : windowStart;
  ctx.progress.step(`okta: reading sign-ins since ${since}`);
  const stats = { requests: 0 };
  const fresh = await readLogs(
    { orgUrl: conf.baseUrl, token, since, until: ctx.now, pageSize: conf.pageSize ?? 1000, filter: FILTER },
    stats,
  );

  // `since` is inclusive: the event at the cursor comes again; uuid tells them apart.
  const byUuid = new Map<string, Record<string, unknown>>();
  const add = (e: Record<string, unknown>) => byUuid.set(String(e.uuid ?? JSON.stringify([e.published, e.actor, e.client])), e);
  for (const e of kept.events) add(e);
  for (const e of fresh) if (typeof e === 'object' && e !== null) add(e as Record<string, unknown>);
  const events = [...byUuid.values()]
    .filter((e) => typeof e.published === 'string' && Date.parse(e.published) >= Date.parse(windowStart))
    .sort((a, b) => String(a.published).localeCompare(String(b.published)));
  const cursor = events.length ? String(events[events.length - 1]!.published) : kept.cursor;

  const dir = join(outDir, 'okta');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'system-log.json'), JSON.stringify(events, null, 1) + '\n');
  // The state moves on only after the snapshot is written.
  await writeFile(statePath + '.tmp', JSON.stringify({ cursor, events }));
  await rename(statePath + '.tmp', statePath);
  ctx.progress.step(`okta: ${fresh.length} new sign-in event(s), ${events.length} kept in the ${windowDays}-day window`);
  return { containers: [''], failed: [], warnings: [], requests: stats.requests };
}
