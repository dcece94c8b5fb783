// The plan for one sink: what the findings want against what the sink holds.
// New finding: open. Text changed: update. Resolved: comment with the scan
// that saw it gone, close. Excepted: comment with reason, approver and expiry,
// close as not planned. Open again while its ticket is closed: reopen, and
// when driftgraph had not closed it (a person did, while the access is still
// there), say that closure is not revocation.
import { toContract, type StoredFinding } from '../findings/finding-store.js';
import { redactSecrets } from './redact.js';
import type { SinkName } from './config.js';
import type { TicketUnit } from './routing.js';
import type { CloseReason, RemoteTicket, TicketContent, TicketState } from './sink.js';
import type { FindingTickets, LocalTicket } from './ticket-state.js';
import { ticketBody, withMarker, type Inline } from './ticket-doc.js';

export type PlanAction =
  | { kind: 'open'; unit: TicketUnit; content: TicketContent }
  | { kind: 'update'; unit: TicketUnit; content: TicketContent; ref: string; url: string | null }
  | { kind: 'close'; unit: TicketUnit; content: TicketContent; ref: string; url: string | null; reason: CloseReason; comment: Inline[] }
  | {
      kind: 'reopen';
      unit: TicketUnit;
      content: TicketContent;
      ref: string;
      url: string | null;
      comment: Inline[];
      /** Findings still open whose ticket a person closed: revocation unverified. */
      closedByPerson: string[];
    };

export interface SinkPlan {
  sink: SinkName;
  actions: PlanAction[];
  /** Tickets found in the sink by their marker that the local state did not know (or knew differently). */
  relink: { unit: TicketUnit; ticket: LocalTicket }[];
}

export const ACTION_KINDS = ['open', 'update', 'close', 'reopen'] as const;

/** What the findings of a ticket want it to be. */
export function desiredState(findings: StoredFinding[]): TicketState {
  if (findings.some((f) => f.status === 'open')) return 'open';
  if (findings.some((f) => f.status === 'excepted')) return 'excepted';
  return 'resolved';
}

export function ticketContent(unit: TicketUnit, githubLoginsByEmail: Map<string, string>): TicketContent {
  const state = desiredState(unit.findings);
  const { title, blocks, digest } = ticketBody(unit.findings, unit.groupLabel);
  const ownerEmails = [...new Set(unit.findings.flatMap((f) => f.owners.filter((o) => o.kind === 'person').map((o) => o.id.toLowerCase())))];
  const githubLogins = [...new Set(ownerEmails.map((e) => githubLoginsByEmail.get(e)).filter((x): x is string => !!x))];
  return {
    key: unit.key,
    state,
    digest,
    title,
    body: withMarker(blocks, unit.key, state, digest),
    githubLogins,
    ownerEmails,
    severity: unit.findings[0]!.severity,
    findings: unit.findings.map((f) => ({ ...toContract(f), evidence: redactSecrets(f.evidence) })),
  };
}

const t = (text: string): Inline => ({ text });
const v = (value: string): Inline => ({ value });
const scanOf = (now: string) => `scan:${now}`;
const latest = (xs: (string | null)[]) => xs.filter((x): x is string => !!x).sort().at(-1) ?? null;

function resolvedComment(findings: StoredFinding[]): Inline[] {
  const at = latest(findings.map((f) => f.resolvedAt));
  return at ? [t('Resolved: scan '), v(scanOf(at)), t(' no longer finds this access, so driftgraph closes the ticket.')] : [t('Resolved: the latest scan no longer finds this access.')];
}

function exceptedComment(findings: StoredFinding[]): Inline[] {
  const e = findings.find((f) => f.exception)?.exception;
  if (!e) return [t('Excepted: a risk exception covers this finding.')];
  return [t('Excepted: '), v(e.reason), t(', approved by '), v(e.approvedBy), t(', until '), v(e.expires ?? 'no expiry'), t('. Closed as not planned; it reopens when the exception expires.')];
}

/** "closed on DATE, but SOURCE still shows SUBJECT as of SCAN: closure is not revocation" */
export function revocationComment(f: StoredFinding, closedAt: string | null): Inline[] {
  const source = f.subject.container ? `${f.subject.source} ${f.subject.container}` : f.subject.source;
  const subject = f.subject.name && f.subject.name !== f.subject.id ? `${f.subject.name} (${f.subject.id})` : f.subject.id;
  return [
    t(`closed on ${closedAt ? closedAt.slice(0, 10) : 'an unknown date'}, but `),
    v(source),
    t(' still shows '),
    v(subject),
    t(' as of '),
    v(scanOf(f.lastSeen)),
    t(': closure is not revocation'),
  ];
}

function reopenComment(ticket: RemoteTicket, open: StoredFinding[]): { comment: Inline[]; closedByPerson: string[] } {
  if (ticket.state === 'open') {
    // driftgraph never closed it: a person did, and the scan still finds the access.
    const comment = open.flatMap((f, i) => [...(i ? [t(' · ')] : []), ...revocationComment(f, ticket.closedAt)]);
    return { comment, closedByPerson: open.map((f) => f.id) };
  }
  if (ticket.state === 'excepted') {
    const expired = latest(open.map((f) => f.exceptionExpiredAt));
    return {
      comment: expired ? [t('Reopened: the exception expired on '), v(expired), t('.')] : [t('Reopened: no exception covers this finding any more.')],
      closedByPerson: [],
    };
  }
  return { comment: [t('Reopened: scan '), v(scanOf(latest(open.map((f) => f.lastSeen))!)), t(' finds this access again.')], closedByPerson: [] };
}

function localTicket(unit: TicketUnit, local: Map<string, FindingTickets>): LocalTicket | null {
  for (const f of unit.findings) {
    const known = local.get(f.id)?.[unit.sink];
    if (known && known.key === unit.key) return known;
  }
  return null;
}

/**
 * `remote` is every ticket the sink holds by marker, or null when the sink
 * cannot be searched (then the local state is all there is).
 */
export function planSink(
  sink: SinkName,
  units: TicketUnit[],
  remote: Map<string, RemoteTicket> | null,
  local: Map<string, FindingTickets>,
  githubLoginsByEmail: Map<string, string>,
): SinkPlan {
  const plan: SinkPlan = { sink, actions: [], relink: [] };
  for (const unit of units) {
    const content = ticketContent(unit, githubLoginsByEmail);
    const mine = localTicket(unit, local);
    let ticket: RemoteTicket | null;
    if (remote) {
      ticket = remote.get(unit.key) ?? null;
      if (ticket && (!mine || mine.ref !== ticket.ref || mine.state !== ticket.state || unit.findings.some((f) => local.get(f.id)?.[sink]?.key !== unit.key))) {
        plan.relink.push({ unit, ticket: { key: unit.key, ref: ticket.ref, url: ticket.url, state: ticket.state, digest: ticket.digest } });
      }
    } else {
      ticket = mine ? { ...mine, open: mine.state === 'open', closedAt: null } : null;
    }
    const want = content.state;
    if (!ticket) {
      if (want === 'open') plan.actions.push({ kind: 'open', unit, content });
      continue;
    }
    const { ref, url } = ticket;
    if (ticket.open) {
      if (want === 'open') {
        if (ticket.state !== 'open' || ticket.digest !== content.digest) plan.actions.push({ kind: 'update', unit, content, ref, url });
      } else if (ticket.state === 'open') {
        const comment = want === 'resolved' ? resolvedComment(unit.findings) : exceptedComment(unit.findings);
        plan.actions.push({ kind: 'close', unit, content, ref, url, reason: want, comment });
      }
      // Open although driftgraph closed it: a person reopened it; leave it to them.
    } else if (want === 'open') {
      const open = unit.findings.filter((f) => f.status === 'open');
      plan.actions.push({ kind: 'reopen', unit, content, ref, url, ...reopenComment(ticket, open) });
    }
  }
  return plan;
}

export function countActions(actions: PlanAction[]): Record<(typeof ACTION_KINDS)[number], number> {
  const c = { open: 0, update: 0, close: 0, reopen: 0 };
  for (const a of actions) c[a.kind]++;
  return c;
}
