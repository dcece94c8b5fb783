// HR rows -> Person nodes and REPORTS_TO edges (docs/graph-model.md, Person).
// Pure: the leave and move instants depend only on the rows, the events and
// the scan's now, so the same snapshot maps the same way on every machine.
import { identityProps, nodeKey, type GraphBatch, type GraphEdge, type GraphNode, type Props } from '../../src/graph/records.js';
import { endOfDay, startOfDay } from '../../src/util/time.js';
import type { HrEvent, PersonRow } from './read.js';
import { redact } from '../../src/util/redact.js';
import { addTo } from '../../src/util/arrays.js';

export function personKey(employeeId: string): string {
  return nodeKey('hr', '', 'person', employeeId);
}

/**
 * The instant HR says the person leaves (docs/rules.md "Leaver"): the end of
 * the day (00:00Z the day after) of the earlier of `end_date` and the latest
 * `leaver` event, each dropped when a later `start_date` or `rehire` has
 * taken effect. May lie after now (a scheduled leaver): the rules compare.
 *
 * A rehire or start date still in the future cancels nothing yet: between a
 * past leave and a future return the person is gone, and access kept open
 * through that gap is exactly what the rules are there to find.
 */
export function leaveInstant(person: PersonRow, events: HrEvent[], now: string): string | null {
  const inEffect = (date: string) => startOfDay(date) <= now;
  const rehires = events.filter((e) => e.event === 'rehire').map((e) => e.effectiveDate);
  const returns = [person.startDate, ...rehires].filter((d): d is string => d !== null && inEffect(d));
  let leaverEvent: string | null = null;
  for (const e of events) {
    if (e.event === 'leaver' && (leaverEvent === null || e.effectiveDate > leaverEvent)) leaverEvent = e.effectiveDate;
  }

  // ISO dates compare as strings.
  const standing = [person.endDate, leaverEvent].filter(
    (d): d is string => d !== null && !returns.some((r) => r > d),
  );
  if (standing.length === 0) return null;
  return endOfDay(standing.sort()[0]!);
}

/** The latest `mover` event in effect at now (from 00:00Z its day); later lines win ties. */
export function moverEvent(events: HrEvent[], now: string): HrEvent | null {
  let best: HrEvent | null = null;
  for (const e of events) {
    if (e.event !== 'mover' || startOfDay(e.effectiveDate) > now) continue;
    if (best === null || e.effectiveDate >= best.effectiveDate) best = e;
  }
  return best;
}

/** When the person (re)joined: the latest start_date, joiner or rehire event in effect at now. */
export function joinInstant(person: PersonRow, events: HrEvent[], now: string): string | null {
  const dates = [person.startDate, ...events.filter((e) => e.event === 'joiner' || e.event === 'rehire').map((e) => e.effectiveDate)]
    .filter((d): d is string => d !== null)
    .map(startOfDay)
    .filter((d) => d <= now)
    .sort();
  return dates.at(-1) ?? null;
}

function personNode(p: PersonRow, events: HrEvent[], now: string): GraphNode {
  const move = moverEvent(events, now);
  const props: Props = {
    // Every node gets a human name; a row without a display name still has an address or id.
    ...identityProps('hr', '', 'person', p.employeeId, p.displayName ?? p.email ?? p.employeeId),
    employeeId: p.employeeId,
    email: p.email,
    displayName: p.displayName,
    department: p.department,
    title: p.title,
    managerEmail: p.managerEmail,
    country: p.country,
    workerType: p.workerType,
    status: p.status,
    startDate: p.startDate,
    endDate: p.endDate,
    hrLeftAt: leaveInstant(p, events, now),
    joinedAt: joinInstant(p, events, now),
    moverEventAt: move ? startOfDay(move.effectiveDate) : null,
    moverEventFrom: move?.fromDepartment ?? null,
    moverEventTo: move?.toDepartment ?? null,
  };
  // Only columns the config keeps (hr.keepColumns), and even those never verbatim when they look secret.
  for (const [name, value] of Object.entries(p.extra)) props[`hr_${name}`] = value === null ? null : redact(name, value);
  return { label: 'Person', key: personKey(p.employeeId), props };
}

/**
 * The first start of a day after now on which a date of the files falls:
 * every comparison with now above is `startOfDay(date) <= now`, so until
 * that instant the same files map exactly as they do at now (the scan need
 * not read them again before it: Connector.skipsUnchanged).
 */
export function nextDateAfter(people: PersonRow[], events: HrEvent[], now: string): string | null {
  let next: string | null = null;
  const consider = (date: string | null) => {
    if (date === null) return;
    const at = startOfDay(date);
    if (at > now && (next === null || at < next)) next = at;
  };
  for (const p of people) {
    consider(p.startDate);
    consider(p.endDate);
  }
  for (const e of events) consider(e.effectiveDate);
  return next;
}

export function mapHr(people: PersonRow[], events: HrEvent[], now: string): GraphBatch {
  const byPerson = new Map<string, HrEvent[]>();
  for (const e of events) {
    addTo(byPerson, e.employeeId, e);
  }
  const nodes = people.map((p) => personNode(p, byPerson.get(p.employeeId) ?? [], now));

  // Managers are named by email; an address no row holds (or two rows hold
  // ambiguously: the first wins) gives no edge.
  const byEmail = new Map<string, string>();
  for (const p of people) if (p.email !== null && !byEmail.has(p.email)) byEmail.set(p.email, p.employeeId);
  const edges: GraphEdge[] = [];
  for (const p of people) {
    const manager = p.managerEmail === null ? undefined : byEmail.get(p.managerEmail);
    if (manager === undefined || manager === p.employeeId) continue;
    edges.push({ type: 'REPORTS_TO', from: personKey(p.employeeId), to: personKey(manager) });
  }
  return { nodes, edges };
}
