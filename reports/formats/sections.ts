// Which finding goes in which section, so each appears exactly once: new,
// reopened and resolved this period, exceptions that expired, and what is
// still open from before (open, neither new nor reopened this period).
import type { StoredFinding } from '../../src/findings/finding-store.js';
import type { ReportData } from '../report-data.js';

export function stillOpen(data: ReportData): StoredFinding[] {
  const listed = new Set([...data.lists.new, ...data.lists.reopened, ...data.lists.exceptionExpired].map((f) => f.id));
  return data.lists.open.filter((f) => !listed.has(f.id));
}
