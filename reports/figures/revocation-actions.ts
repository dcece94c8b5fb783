// What driftgraph's own revocations did (src/revoke/, the store's copy of the
// audit trail): time to revoke split into automatic (driftgraph sent at least
// one of the person's revocations before their access was gone) and manual
// (people did it all), the actions that failed or were undone in the period,
// and the approvals still waiting.
import type { GraphStore } from '../../src/graph/store.js';
import { runSaved } from '../saved-query.js';
import type { Revocation, RevocationActionFigures, SplitFigures } from '../report-data.js';
import { inPeriod, quantile } from '../stats.js';

const str = (v: unknown) => (v == null ? null : String(v));

interface ActionRow {
  actionId: string;
  status: string;
  findingId: string;
  ruleId: string;
  summary: string;
  decidedBy: string | null;
  executedAt: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
  updatedAt: string;
  error: string | null;
  person: string | null;
}

export async function readRevocationActions(store: GraphStore, until: string) {
  const actions: ActionRow[] = (await runSaved(store, 'report-revocation-actions')).map((r) => ({
    actionId: String(r.actionId),
    status: String(r.status),
    findingId: String(r.findingId ?? ''),
    ruleId: String(r.ruleId ?? ''),
    summary: String(r.summary ?? ''),
    decidedBy: str(r.decidedBy),
    executedAt: str(r.executedAt),
    undoneAt: str(r.undoneAt),
    undoneBy: str(r.undoneBy),
    updatedAt: String(r.updatedAt ?? ''),
    error: str(r.error),
    person: str(r.person),
  }));
  const waiting = (await runSaved(store, 'report-revocation-approvals', { now: until })).map((r) => ({
    actionId: String(r.actionId),
    findingId: String(r.findingId),
    ruleId: String(r.ruleId ?? ''),
    summary: String(r.summary ?? ''),
    plannedAt: String(r.plannedAt ?? ''),
    severity: String(r.severity ?? ''),
  }));
  return { actions, waiting };
}

function split(rows: Revocation[], sent: Map<string, string>, since: string, until: string): { automatic: SplitFigures; manual: SplitFigures } {
  const auto: number[] = [];
  const manual: number[] = [];
  for (const r of rows) {
    if (r.hours === null || !inPeriod(r.revokedAt, since, until)) continue;
    const first = sent.get(r.person);
    (first !== undefined && first <= r.revokedAt! ? auto : manual).push(r.hours);
  }
  const figures = (xs: number[]): SplitFigures => ({ median: quantile(xs, 0.5), p90: quantile(xs, 0.9), revoked: xs.length });
  return { automatic: figures(auto), manual: figures(manual) };
}

export function revocationActionFigures(
  read: Awaited<ReturnType<typeof readRevocationActions>>,
  people: { leavers: Revocation[]; movers: Revocation[] },
  since: string,
  until: string,
): RevocationActionFigures {
  // Per person: the first revocation driftgraph sent that still stands (an undone one did not revoke).
  const sent = new Map<string, string>();
  for (const a of read.actions) {
    if (a.status !== 'executed' || !a.person || !a.executedAt) continue;
    const had = sent.get(a.person);
    if (had === undefined || a.executedAt < had) sent.set(a.person, a.executedAt);
  }
  const inP = (at: string | null) => inPeriod(at, since, until);
  const executed = read.actions.filter((a) => a.status === 'executed' && inP(a.executedAt));
  const line = (a: ActionRow, at: string | null, detail: string | null) => ({ actionId: a.actionId, findingId: a.findingId, ruleId: a.ruleId, summary: a.summary, at: at ?? a.updatedAt, detail });
  return {
    recorded: read.actions.length,
    timeToRevoke: { leavers: split(people.leavers, sent, since, until), movers: split(people.movers, sent, since, until) },
    sent: executed.length,
    sentByPolicy: executed.filter((a) => a.decidedBy?.startsWith('policy ')).length,
    sentByApproval: executed.filter((a) => a.decidedBy?.startsWith('approval ')).length,
    failed: read.actions.filter((a) => a.status === 'failed' && inP(a.updatedAt)).map((a) => line(a, a.updatedAt, a.error)),
    undone: read.actions.filter((a) => a.status === 'undone' && inP(a.undoneAt)).map((a) => line(a, a.undoneAt, a.undoneBy ? `undone by ${a.undoneBy}` : null)),
    awaitingApproval: read.waiting,
  };
}
