// Finding a person by what an analyst has at hand: an employee id, an email,
// or part of a name. Exact ids and emails win; a name may match several.
import type { GraphStore } from '../graph/store.js';

export interface PersonMatch {
  key: string;
  employeeId: string;
  email: string | null;
  displayName: string | null;
  department: string | null;
  status: string | null;
  isLeaver: boolean;
}

const FIELDS = `p.key AS key, p.employeeId AS employeeId, p.email AS email, p.displayName AS displayName,
  p.department AS department, p.status AS status, coalesce(p.isLeaver, false) AS isLeaver`;

function toMatch(r: Record<string, unknown>): PersonMatch {
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    key: String(r.key),
    employeeId: String(r.employeeId),
    email: s(r.email),
    displayName: s(r.displayName),
    department: s(r.department),
    status: s(r.status),
    isLeaver: r.isLeaver === true,
  };
}

/** People whose employee id or email equals `text`, else whose name, email or id contains it. */
export async function findPeople(store: GraphStore, text: string, limit = 50): Promise<PersonMatch[]> {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const exact = await store.read(
    `MATCH (p:Person) WHERE toLower(p.employeeId) = $needle OR toLower(p.email) = $needle
     RETURN ${FIELDS} ORDER BY employeeId`,
    { needle },
  );
  if (exact.length) return exact.map(toMatch);
  const partial = await store.read(
    `MATCH (p:Person)
     WHERE toLower(coalesce(p.displayName, '')) CONTAINS $needle OR toLower(coalesce(p.email, '')) CONTAINS $needle
        OR toLower(p.employeeId) CONTAINS $needle
     RETURN ${FIELDS} ORDER BY displayName LIMIT $limit`,
    { needle, limit },
  );
  return partial.map(toMatch);
}

/** The one person `text` names exactly (employee id or email), or null. */
export async function exactPerson(store: GraphStore, text: string): Promise<PersonMatch | null> {
  const found = await findPeople(store, text);
  const needle = text.trim().toLowerCase();
  const exact = found.filter((p) => p.employeeId.toLowerCase() === needle || p.email?.toLowerCase() === needle);
  return exact.length === 1 ? exact[0]! : null;
}
