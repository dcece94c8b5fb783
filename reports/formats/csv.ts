// The open findings as CSV (the mail's attachment, a file in --out). Every
// cell goes through csvCell: a value a spreadsheet would run as a formula
// starts with an apostrophe instead. A mailed attachment is as often read
// with `cat` as in a spreadsheet, so control characters are shown, not kept.
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { csvCell, terminalSafe } from '../../src/util/escape.js';

export const CSV_COLUMNS = [
  'id', 'severity', 'status', 'rule', 'title', 'source', 'container', 'subjectType', 'subjectId', 'subjectName',
  'person', 'owners', 'teams', 'firstSeen', 'lastSeen', 'remediation',
] as const;

export function findingsCsv(findings: StoredFinding[], teamsOf: Map<string, string[]>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of findings) {
    const cells = [
      f.id, f.severity, f.status, f.ruleId, f.title, f.subject.source, f.subject.container ?? '', f.subject.type,
      f.subject.id, f.subject.name ?? '', f.person?.email ?? f.person?.employeeId ?? '',
      f.owners.map((o) => o.id).join(' '), (teamsOf.get(f.id) ?? []).join(' '), f.firstSeen, f.lastSeen, f.remediation,
    ];
    lines.push(cells.map((c) => csvCell(terminalSafe(c))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
