// The scans behind a report: the period they define, how fresh each source
// and container is, and the warnings that say when the data cannot be
// trusted (no scan in the period, a failed or missing source).
import type { GraphStore } from '../../src/graph/store.js';
import { runSaved } from '../saved-query.js';
import type { BySeverity, ReportFigures, SourceFreshness } from '../report-data.js';
import { UsageError } from '../../src/util/errors.js';
import { tryInstant } from '../../src/util/time.js';

export interface ScanOutcomeRecord {
  source: string;
  /** loaded, partial (some containers failed), failed, not-scanned. */
  status: string;
  containers?: string[];
  failedContainers?: { container: string; error: string }[];
  errors?: string[];
  reason?: string;
}

export interface ScanRecord {
  id: string;
  now: string;
  exitCode: number | null;
  sources: ScanOutcomeRecord[];
  open: BySeverity | null;
}

const DAY = 86_400_000;

export async function readScans(store: GraphStore): Promise<ScanRecord[]> {
  const rows = await runSaved(store, 'report-scans');
  return rows.map((r) => {
    let sources: ScanOutcomeRecord[] = [];
    try {
      const parsed = JSON.parse(String(r.sources ?? '[]'));
      if (Array.isArray(parsed)) sources = parsed;
    } catch {
      // A scan node without readable outcomes says nothing about its sources.
    }
    const n = (v: unknown) => (typeof v === 'number' ? v : null);
    const open =
      n(r.openCritical) === null
        ? null
        : { critical: n(r.openCritical)!, high: n(r.openHigh) ?? 0, medium: n(r.openMedium) ?? 0, low: n(r.openLow) ?? 0 };
    return { id: String(r.id), now: String(r.now), exitCode: n(r.exitCode), sources, open };
  });
}

export interface PeriodResult {
  period: ReportFigures['period'];
  latest: ScanRecord | null;
  inPeriod: ScanRecord[];
  warnings: string[];
  /** No scan at all, or none in the period: the report cannot be trusted. */
  noScan: boolean;
}

/** The period (since, until]: until is the latest scan, since 7 days before unless given. */
export function resolvePeriod(scans: ScanRecord[], sinceOption: string | undefined, wallClock = new Date()): PeriodResult {
  let since: string | null = null;
  if (sinceOption !== undefined) {
    since = tryInstant(sinceOption);
    if (!since) throw new UsageError(`--since ${sinceOption}: not a date or instant (e.g. 2026-11-13 or 2026-11-13T02:00:00Z)`);
  }
  const latest = scans.at(-1) ?? null;
  if (!latest) {
    const until = wallClock.toISOString();
    since ??= new Date(Date.parse(until) - 7 * DAY).toISOString();
    return {
      period: { since, until, scans: 0 },
      latest: null,
      inPeriod: [],
      warnings: ['NO SCAN HAS RUN: there is no data to report. Run `driftgraph scan` first.'],
      noScan: true,
    };
  }
  since ??= new Date(Date.parse(latest.now) - 7 * DAY).toISOString();
  const until = latest.now > since ? latest.now : since;
  const inPeriod = scans.filter((s) => s.now > since! && s.now <= until);
  const warnings: string[] = [];
  if (!inPeriod.length) {
    warnings.push(
      `NO SCAN RAN IN THE PERIOD (${since}, ${until}]: the latest scan is from ${latest.now}; ` +
        'every figure below is as of then.',
    );
  }
  return { period: { since, until, scans: inPeriod.length }, latest, inPeriod, warnings, noScan: !inPeriod.length };
}

const isFailure = (status: string) => status !== 'loaded' && status !== 'not-scanned';
const loadedSome = (status: string) => status === 'loaded' || status === 'partial';

/** Each source of the latest scan with its last complete load; failed, then not scanned, then loaded. */
export function sourceFreshness(scans: ScanRecord[], latest: ScanRecord | null): SourceFreshness[] {
  if (!latest) return [];
  const lastLoaded = new Map<string, string>();
  const containerLoaded = new Map<string, Map<string, string>>();
  for (const s of scans) {
    if (s.now > latest.now) continue;
    for (const o of s.sources) {
      if (o.status === 'loaded') lastLoaded.set(o.source, s.now);
      if (!loadedSome(o.status)) continue;
      const m = containerLoaded.get(o.source) ?? new Map<string, string>();
      for (const c of o.containers ?? []) if (c) m.set(c, s.now);
      containerLoaded.set(o.source, m);
    }
  }
  const rank = (status: string) => (isFailure(status) ? 0 : status === 'not-scanned' ? 1 : 2);
  return latest.sources
    .map((o) => {
      const loaded = new Set((loadedSome(o.status) ? o.containers ?? [] : []).filter(Boolean));
      const failed = new Map((o.failedContainers ?? []).filter((f) => f.container).map((f) => [f.container, f.error]));
      const known = containerLoaded.get(o.source) ?? new Map<string, string>();
      const names = [...new Set([...known.keys(), ...loaded, ...failed.keys()])].sort();
      return {
        source: o.source,
        status: o.status,
        lastLoaded: lastLoaded.get(o.source) ?? null,
        errors: o.errors ?? [],
        containers: names.map((c) => ({
          container: c,
          // A container seen before that this scan neither loaded nor failed was not in the snapshot.
          status: loaded.has(c) ? 'loaded' : failed.has(c) || o.status === 'failed' ? 'failed' : 'not-scanned',
          lastLoaded: known.get(c) ?? null,
          ...(failed.has(c) ? { error: failed.get(c) } : {}),
        })),
      };
    })
    .sort((a, b) => rank(a.status) - rank(b.status) || a.source.localeCompare(b.source));
}

/** Loud warnings for the latest scan: failed sources and containers, sources that stopped being scanned. */
export function freshnessWarnings(sources: SourceFreshness[], latest: ScanRecord | null): string[] {
  if (!latest) return [];
  const out: string[] = [];
  const since = (t: string | null) => (t ? `last complete load ${t}` : 'never loaded completely');
  const kept = 'its findings were neither resolved nor removed';
  for (const s of sources) {
    if (s.status === 'failed') {
      out.push(
        `SOURCE FAILED: ${s.source} did not load in the latest scan (${latest.now}); ${kept}, ${since(s.lastLoaded)}.` +
          `${s.errors.length ? ` ${s.errors.join('; ')}` : ''}`,
      );
    } else if (s.status === 'not-scanned' && s.lastLoaded) {
      out.push(`SOURCE NOT SCANNED: ${s.source} was not scanned in the latest scan (${latest.now}); ${since(s.lastLoaded)}.`);
    } else if (isFailure(s.status)) {
      for (const c of s.containers.filter((x) => x.status === 'failed')) {
        out.push(
          `CONTAINER FAILED: ${s.source} ${c.container} did not load in the latest scan (${latest.now}); ${kept}, ` +
            `${since(c.lastLoaded)}.${c.error ? ` ${c.error}` : ''}`,
        );
      }
    }
    if (loadedSome(s.status)) {
      for (const c of s.containers.filter((x) => x.status === 'not-scanned')) {
        out.push(`CONTAINER NOT LOADED: ${s.source} ${c.container} was not in the latest scan (${latest.now}); ${since(c.lastLoaded)}.`);
      }
    }
  }
  if (latest.exitCode === 1 && !sources.some((s) => isFailure(s.status))) {
    out.push(`THE LATEST SCAN (${latest.now}) EXITED 1: a rule failed; see that scan's output.`);
  }
  return out;
}
