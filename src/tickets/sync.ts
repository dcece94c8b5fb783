// `driftgraph tickets` as a job the CLI and the scheduler both call: read the
// findings, route them, and per sink read what it holds (by marker), plan,
// and (unless a dry run) carry the plan out. A sink that fails stops at the
// failed call; what it did is recorded on the findings at once, so the next
// run does the rest and nothing is opened twice. The other sinks still run.
import { withStep } from '../graph/internal-query-error.js';
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import { readFindings } from '../findings/finding-store.js';
import { UsageError, errorMessage } from '../util/errors.js';
import { SINK_NAMES, ticketsOf, type SinkName, type TicketsConfig } from './config.js';
import { routeFindings, type TicketUnit } from './routing.js';
import { ACTION_KINDS, countActions, planSink, type PlanAction, type SinkPlan } from './plan.js';
import type { RemoteTicket, Sink } from './sink.js';
import { markRevocationUnverified, readTicketState, writeTicketState, type FindingTickets, type LocalTicket } from './ticket-state.js';
import { createSink as defaultCreateSink } from './sinks/index.js';
import { loginsOf } from './owner-accounts.js';
import { GITHUB_LOGIN_SCHEME } from './sinks/github.js';
import { append } from '../util/arrays.js';
import { checkRoutes } from './route-check.js';
import { asOfWords, dataAge, staleWarning, type DataAge } from '../util/data-age.js';
import { latestScanNow } from '../graph/scan-now.js';
import type { KnownValues } from '../findings/filter-check.js';
import { loadRules } from '../rules/rule-file.js';
import { configFileOf } from '../config/config-file.js';
import { postRevocationNotes } from './revocation-notes.js';

type Counts = Record<(typeof ACTION_KINDS)[number], number>;

export interface TicketsJobOptions {
  dryRun?: boolean;
  env?: NodeJS.ProcessEnv;
  createSink?: (name: SinkName, config: TicketsConfig, env: NodeJS.ProcessEnv) => Sink;
  /** Lines for people: the plan, then what happened. */
  print?: (line: string) => void;
  /** Rule ids and sources that exist, to check the routes against (the store's findings and scans add theirs). */
  known?: KnownValues;
}

export interface SinkOutcome {
  sink: SinkName;
  planned: Counts;
  done: Counts;
  /** Tickets found in the sink by their marker that the findings did not record. */
  relinked: number;
  /** The failed call (or setup problem); null when the sink did everything. */
  failed: string | null;
  /** Actions left for the next run. */
  left: number;
}

export interface TicketsJobResult {
  dryRun: boolean;
  exitCode: 0 | 1;
  sinks: SinkOutcome[];
  /** Findings whose ticket a person closed while the scan still finds the access. */
  revocationUnverified: string[];
  /** The latest scan the findings come from, how old it is, and whether older than staleAfterHours. */
  data: DataAge;
  /** Comments on tickets about their findings' revocations (planned, sent, undone, verified). */
  revocationNotes: { posted: number; failed: string[] };
}

const zero = (): Counts => ({ open: 0, update: 0, close: 0, reopen: 0 });

function describe(a: PlanAction): string {
  const where = a.kind === 'open' ? (a.unit.target.repo ?? a.unit.target.project ?? a.unit.sink) : a.ref;
  const why =
    a.kind === 'reopen' && a.closedByPerson.length ? ': closed by a person while the scan still finds it' : a.kind === 'close' ? ` (${a.reason})` : '';
  return `  ${a.kind.padEnd(6)}  ${a.unit.key}  ${where}  ${a.content.title}${why}`;
}

function dedupeRemote(tickets: RemoteTicket[]): Map<string, RemoteTicket> {
  // Two tickets with one marker (a copy made by hand): the open one, else the first.
  const out = new Map<string, RemoteTicket>();
  for (const t of tickets) {
    const had = out.get(t.key);
    if (!had || (!had.open && t.open)) out.set(t.key, t);
  }
  return out;
}

function record(local: Map<string, FindingTickets>, unit: TicketUnit, ticket: LocalTicket): string[] {
  for (const f of unit.findings) local.set(f.id, { ...(local.get(f.id) ?? {}), [unit.sink]: ticket });
  return unit.findings.map((f) => f.id);
}

export async function runTicketsJob(store: GraphStore, config: Config, options: TicketsJobOptions = {}): Promise<TicketsJobResult> {
  const tickets = ticketsOf(config);
  if (!tickets) throw new UsageError('no `tickets` section in the config: add sinks and routes (see README, "Tickets")');
  const env = options.env ?? process.env;
  const print = options.print ?? (() => {});
  const makeSink = options.createSink ?? defaultCreateSink;
  const dryRun = options.dryRun ?? false;

  await checkRoutes(store, tickets, options.known ?? { ruleIds: (await loadRules()).map((r) => r.id) }, configFileOf(config));
  const findings = await readFindings(withStep(store, 'tickets (reading the findings)'));
  const units = routeFindings(findings, tickets);
  const local = await readTicketState(store);
  const logins = await loginsOf(store, GITHUB_LOGIN_SCHEME, [...new Set(findings.flatMap((f) => f.owners.filter((o) => o.kind === 'person').map((o) => o.id.toLowerCase())))]);
  const data = dataAge(await latestScanNow(store), config.staleAfterHours);
  const result: TicketsJobResult = { dryRun, exitCode: 0, sinks: [], revocationUnverified: [], data, revocationNotes: { posted: 0, failed: [] } };
  const built = new Map<SinkName, Sink>();
  print(dryRun ? 'tickets: plan only (--dry-run: nothing changes)' : 'tickets:');
  // Tickets say what the latest scan found: how old that is matters to whoever reads the plan.
  print(`findings ${asOfWords(data)}`);
  const stale = staleWarning(data);
  if (stale) print(`WARNING ${stale}`);

  for (const name of SINK_NAMES) {
    if (!tickets[name]) continue;
    const mine = units.filter((u) => u.sink === name);
    const outcome: SinkOutcome = { sink: name, planned: zero(), done: zero(), relinked: 0, failed: null, left: 0 };
    result.sinks.push(outcome);
    if (!mine.length) {
      print(`${name}: no routed findings`);
      continue;
    }
    let plan: SinkPlan;
    let sink: Sink;
    try {
      sink = makeSink(name, tickets, env);
      built.set(name, sink);
      const found = await sink.find(mine.map((u) => u.target));
      plan = planSink(name, mine, found ? dedupeRemote(found) : null, local, logins);
    } catch (e) {
      outcome.failed = errorMessage(e);
      result.exitCode = 1;
      print(`${name}: FAILED ${outcome.failed}; nothing done, the next run does it`);
      continue;
    }
    outcome.planned = countActions(plan.actions);
    outcome.relinked = plan.relink.length;
    const c = outcome.planned;
    print(
      `${name}: open ${c.open}, update ${c.update}, close ${c.close}, reopen ${c.reopen}` +
        (plan.relink.length ? ` (${plan.relink.length} existing ticket(s) found by their marker)` : ''),
    );
    for (const a of plan.actions) print(describe(a));
    if (dryRun) continue;

    if (plan.relink.length) {
      const ids = plan.relink.flatMap(({ unit, ticket }) => record(local, unit, ticket));
      await writeTicketState(store, local, ids);
    }
    for (const [i, a] of plan.actions.entries()) {
      try {
        await carryOut(store, sink, a, local, result);
        outcome.done[a.kind]++;
      } catch (e) {
        outcome.failed = errorMessage(e);
        outcome.left = plan.actions.length - i;
        result.exitCode = 1;
        print(`${name}: FAILED ${outcome.failed}; ${outcome.left} action(s) left for the next run`);
        break;
      }
    }
    if (!outcome.failed) print(`${name}: done`);
  }
  if (!dryRun) {
    // After the tickets exist: a ticket opened in this run gets its finding's revocation notes now.
    result.revocationNotes = await postRevocationNotes(store, config, { env, createSink: makeSink, sinks: built });
    if (result.revocationNotes.posted) print(`revocation notes: ${result.revocationNotes.posted} comment(s) posted`);
    for (const f of result.revocationNotes.failed) print(`revocation notes: FAILED ${f}; the next run posts them`);
    if (result.revocationNotes.failed.length) result.exitCode = 1;
  }
  return result;
}

async function carryOut(store: GraphStore, sink: Sink, a: PlanAction, local: Map<string, FindingTickets>, result: TicketsJobResult): Promise<void> {
  const c = a.content;
  let ref: string;
  let url: string | null;
  if (a.kind === 'open') {
    ({ ref, url } = await sink.open(a.unit.target, c));
  } else {
    ({ ref, url } = a);
    if (a.kind === 'update') await sink.update(ref, c);
    else if (a.kind === 'close') await sink.close(ref, c, a.comment, a.reason);
    else {
      // The fact is recorded before the sink is asked: it holds whether or not the reopen goes through.
      if (a.closedByPerson.length) {
        await markRevocationUnverified(store, a.closedByPerson);
        append(result.revocationUnverified, a.closedByPerson);
      }
      await sink.reopen(ref, c, a.comment);
    }
  }
  const ids = record(local, a.unit, { key: a.unit.key, ref, url, state: c.state, digest: c.digest });
  await writeTicketState(store, local, ids);
}
