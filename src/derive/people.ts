// Leavers, active people and movers at the scan's now (docs/rules.md "Words").
// HR gives `hrLeftAt` (end of the day of leaving); a `terminated` person with
// no date left when a scan first saw them terminated.
import type { DeriveIO } from './derive-io.js';
import { str } from './graph-io.js';

export interface PersonState {
  key: string;
  email: string | null;
  employeeId: string | null;
  isActive: boolean;
  isLeaver: boolean;
  leftAt: string | null;
}

export function personState(p: Record<string, unknown>, now: string) {
  const status = str(p.status);
  const terminatedSince = status === 'terminated' ? str(p.statusChangedAt) ?? str(p.firstSeen) : null;
  const leftAt = str(p.hrLeftAt) ?? terminatedSince;
  const isLeaver = status === 'terminated' || (leftAt !== null && leftAt <= now);
  const isActive = (status === 'active' || status === 'leave') && !isLeaver;
  // The mover event describes the move only while its destination is still the
  // department; a later change seen by the scans wins.
  const department = str(p.department);
  const eventAt = str(p.moverEventAt);
  const eventCurrent = eventAt !== null && (str(p.moverEventTo) === null || str(p.moverEventTo) === department);
  const observedAt = str(p.departmentChangedAt);
  const useEvent = eventCurrent && (observedAt === null || eventAt! >= observedAt || str(p.moverEventTo) === department);
  const movedAt = useEvent ? eventAt : observedAt;
  const moveFrom = useEvent ? str(p.moverEventFrom) ?? str(p.previousDepartment) : str(p.previousDepartment);
  return {
    leftAt: isLeaver ? leftAt ?? now : leftAt,
    isLeaver,
    isActive,
    movedAt,
    moveFrom: movedAt ? moveFrom : null,
    moveTo: movedAt ? department : null,
  };
}

export async function derivePeople(io: DeriveIO, now: string, run?: string): Promise<PersonState[]> {
  const rows = await io.readLive(
    'Person',
    `n.key AS key, n.email AS email, n.employeeId AS employeeId, n.status AS status,
     n.hrLeftAt AS hrLeftAt, n.statusChangedAt AS statusChangedAt, n.firstSeen AS firstSeen,
     n.department AS department, n.previousDepartment AS previousDepartment,
     n.departmentChangedAt AS departmentChangedAt, n.moverEventAt AS moverEventAt,
     n.moverEventFrom AS moverEventFrom, n.moverEventTo AS moverEventTo`,
  );
  const people: PersonState[] = [];
  const updates = rows.map((p) => {
    const s = personState(p, now);
    people.push({
      key: String(p.key),
      email: str(p.email)?.toLowerCase() ?? null,
      employeeId: str(p.employeeId),
      isActive: s.isActive,
      isLeaver: s.isLeaver,
      leftAt: s.leftAt,
    });
    return { key: String(p.key), props: s };
  });
  await io.setProps(updates, run);
  return people;
}
