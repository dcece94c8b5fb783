// Which finding goes in which section, so each appears exactly once: new,
// reopened and resolved this period, exceptions that expired, and what is
// still open from before (open, neither new nor reopened this period, nor an
// expired exception): worked out when the report is built (finding-lists.ts).
import type { FindingList } from '../finding-lists.js';
import type { ReportData } from '../report-data.js';

export function stillOpen(data: ReportData): FindingList {
  return data.lists.stillOpen;
}
