// Ticket comments for revocations. When driftgraph plans a revocation for a
// finding, sends it (or finds the access already gone), undoes it, or a later
// scan verifies it, the finding's ticket in each sink gets one comment saying
// so, in the sink's own markup (every provider value goes in as a value: a
// code span, an ADF code mark, Slack code).
//
// Each note is posted once per action and sink: what was posted is written on
// the Revocation node (ticketNotesJson, and ticketNotesSettled: the status at
// which nothing more was left to say) right after the call, so a failed call
// is retried by the next run (revoke, undo or tickets) and nothing is posted
// twice, except when the process dies between the call and that write (then
// the comment repeats once). Only the furthest note is posted: an action sent
// in the same run it was planned gets "sent", not "planned" and then "sent".
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import { errorMessage } from '../util/errors.js';
import { SINK_NAMES, ticketsOf, type SinkName, type TicketsConfig } from './config.js';
import type { Sink } from './sink.js';
import type { Inline } from './ticket-doc.js';
import type { FindingTickets } from './ticket-state.js';
import { createSink as defaultCreateSink } from './sinks/index.js';

export type NoteKind = 'planned' | 'done' | 'undone' | 'verified';

/** The order a note follows: a later one covers the earlier. */
const ORDER: Record<NoteKind, number> = { planned: 0, done: 1, verified: 2, undone: 3 };
/** After these nothing more is said about the action while its state stays (an undo after a verification is still said). */
const SETTLED = new Set<NoteKind>(['verified', 'undone']);

export interface ActionForNote {
  id: string;
  status: string;
  planState: string | null;
  findingId: string;
  summary: string;
  decidedBy: string | null;
  calls: { api: string }[];
  executedAt: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
  detail: string | null;
  findingStatus: string;
  resolvedAt: string | null;
}

/** The note an action's state calls for now, or null (failed and skipped actions say nothing: the next run tries again). */
export function noteFor(a: ActionForNote): NoteKind | null {
  if (a.status === 'undone') return 'undone';
  if (a.status === 'executed' || a.status === 'already-gone') return a.findingStatus === 'resolved' ? 'verified' : 'done';
  if (a.status === 'planned') return 'planned';
  return null;
}

const t = (text: string): Inline => ({ text });
const v = (value: string): Inline => ({ value });

export function noteText(kind: NoteKind, a: ActionForNote): Inline[] {
  const calls = a.calls.map((c) => c.api).join(', ');
  if (kind === 'planned') {
    const head = [t('driftgraph plans a revocation: '), v(a.summary), t(' ('), v(calls), t(').')];
    if (a.planState === 'awaiting-approval') {
      return [...head, t(' It needs an approval first: '), v(`driftgraph revoke approve ${a.findingId} --by EMAIL --reason TEXT`), t(', or the approve button on the finding in the web view.')];
    }
    if (a.planState === 'grace') return [...head, t(' It waits for its grace to pass: '), v(a.detail ?? ''), t('.')];
    return [...head, t(' Decided by '), v(a.decidedBy ?? 'the policy'), t('; the next revoke run sends it.')];
  }
  if (kind === 'done') {
    const lead = a.status === 'already-gone' ? [t('driftgraph went to revoke '), v(a.summary), t(' and found the access already gone at the provider')] : [t('driftgraph sent the revocation: '), v(a.summary), t(' ('), v(calls), t(')')];
    return [...lead, t(', decided by '), v(a.decidedBy ?? 'the policy'), t(', at '), v(a.executedAt ?? ''), t('. The finding stays open until a later scan no longer finds the access.')];
  }
  if (kind === 'verified') {
    return [t('Verified: scan '), v(`scan:${a.resolvedAt ?? ''}`), t(' no longer finds the access driftgraph revoked ('), v(a.summary), t(').')];
  }
  return [t('driftgraph undid the revocation '), v(a.summary), t(' at '), v(a.undoneAt ?? ''), t(', by '), v(a.undoneBy ?? 'unknown'), t('. The next scan judges the finding again.')];
}

export interface NotesResult {
  posted: number;
  /** The calls that failed, named; the next run tries them again. */
  failed: string[];
}

export interface NotesOptions {
  env?: NodeJS.ProcessEnv;
  createSink?: (name: SinkName, config: TicketsConfig, env: NodeJS.ProcessEnv) => Sink;
  /** Sinks already built by the caller (the tickets job), reused. */
  sinks?: Map<SinkName, Sink>;
}

const str = (x: unknown) => (x == null ? null : String(x));

async function actionsToNote(store: GraphStore) {
  const rows = await store.read(
    `MATCH (a:Revocation) WHERE coalesce(a.ticketNotesSettled, '') <> a.status AND a.status IN ['planned', 'executed', 'already-gone', 'undone']
     MATCH (f:Finding {id: a.findingId}) WHERE f.ticketsJson IS NOT NULL
     RETURN properties(a) AS a, f.status AS findingStatus, f.resolvedAt AS resolvedAt, f.ticketsJson AS tickets
     ORDER BY a.id`,
  );
  return rows.map((r) => {
    const p = r.a as Record<string, unknown>;
    const action: ActionForNote = {
      id: String(p.id),
      status: String(p.status),
      planState: str(p.planState),
      findingId: String(p.findingId ?? ''),
      summary: String(p.summary ?? ''),
      decidedBy: str(p.decidedBy),
      calls: p.callsJson ? (JSON.parse(String(p.callsJson)) as { api: string }[]) : [],
      executedAt: str(p.executedAt),
      undoneAt: str(p.undoneAt),
      undoneBy: str(p.undoneBy),
      detail: str(p.detail),
      findingStatus: String(r.findingStatus),
      resolvedAt: str(r.resolvedAt),
    };
    let tickets: FindingTickets = {};
    try {
      tickets = JSON.parse(String(r.tickets)) as FindingTickets;
    } catch {
      tickets = {};
    }
    const noted = p.ticketNotesJson ? (JSON.parse(String(p.ticketNotesJson)) as Partial<Record<SinkName, NoteKind>>) : {};
    return { action, tickets, noted };
  });
}

/** Post what the revocations' states call for on their findings' tickets. Nothing to do without a `tickets` section. */
export async function postRevocationNotes(store: GraphStore, config: Config, o: NotesOptions = {}): Promise<NotesResult> {
  const tickets = ticketsOf(config);
  const result: NotesResult = { posted: 0, failed: [] };
  if (!tickets) return result;
  const env = o.env ?? process.env;
  const make = o.createSink ?? defaultCreateSink;
  const sinks = new Map(o.sinks ?? []);
  const broken = new Set<SinkName>();
  for (const { action, tickets: held, noted } of await actionsToNote(store)) {
    const want = noteFor(action);
    if (!want) continue;
    let changed = false;
    for (const name of SINK_NAMES) {
      const ticket = held[name];
      if (!ticket || !tickets[name] || broken.has(name)) continue;
      const had = noted[name];
      if (had !== undefined && ORDER[had] >= ORDER[want]) continue;
      let sink = sinks.get(name);
      try {
        if (!sink) {
          sink = make(name, tickets, env);
          sinks.set(name, sink);
        }
        await sink.comment(ticket.ref, ticket.key, noteText(want, action));
        noted[name] = want;
        changed = true;
        result.posted++;
      } catch (e) {
        // One sink down: its notes wait for the next run; the other sinks go on.
        broken.add(name);
        result.failed.push(`${name}: ${errorMessage(e)}`);
      }
    }
    const configured = SINK_NAMES.filter((n) => held[n] && tickets[n]);
    const settled = configured.length > 0 && configured.every((n) => noted[n] !== undefined && SETTLED.has(noted[n]!));
    if (changed || settled) {
      // Settled at this status: the action is not read again until its status changes.
      await store.write('MATCH (a:Revocation {id: $id}) SET a.ticketNotesJson = $json, a.ticketNotesSettled = $settled', { id: action.id, json: JSON.stringify(noted), settled: settled ? action.status : null });
    }
  }
  return result;
}
