// The open findings as CSV (the mail's attachment, a file in --out), all of
// them, streamed from the store a page at a time (the HTML and Markdown
// lists stop at their first LIST_LIMIT and point here). Every
// cell goes through csvCell: a value a spreadsheet would run as a formula
// starts with an apostrophe instead. A mailed attachment is as often read
// with `cat` as in a spreadsheet, so control characters are shown, not kept.
import type { FindingField, StoredFinding } from '../../src/findings/finding-store.js';
import { csvCell, terminalSafe } from '../../src/util/escape.js';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { chunks } from '../../src/graph/batches.js';
import type { FindingReader } from '../finding-lists.js';

export const CSV_COLUMNS = [
  'id', 'severity', 'status', 'rule', 'title', 'source', 'container', 'subjectType', 'subjectId', 'subjectName',
  'person', 'owners', 'teams', 'firstSeen', 'lastSeen', 'remediation',
] as const;

/** What the columns are made of: only these are read of each finding (a finding's evidence is its largest part). */
const CSV_FIELDS: readonly FindingField[] = [
  'id', 'severity', 'status', 'ruleId', 'title', 'titleParts', 'daysFrom', 'subjectSource', 'subjectContainer', 'subjectType',
  'subjectId', 'subjectName', 'personEmail', 'personEmployeeId', 'ownersJson', 'firstSeen', 'lastSeen', 'foundInLatestScan', 'remediation',
];

function csvLine(f: StoredFinding, teamsOf: Map<string, string[]>): string {
  const cells = [
    f.id, f.severity, f.status, f.ruleId, f.title, f.subject.source, f.subject.container ?? '', f.subject.type,
    f.subject.id, f.subject.name ?? '', f.person?.email ?? f.person?.employeeId ?? '',
    f.owners.map((o) => o.id).join(' '), (teamsOf.get(f.id) ?? []).join(' '), f.firstSeen, f.lastSeen, f.remediation,
  ];
  return cells.map((c) => csvCell(terminalSafe(c))).join(',');
}

/** These findings as CSV text (a few findings; the report streams its CSV with writeFindingsCsv). */
export function findingsCsv(findings: StoredFinding[], teamsOf: Map<string, string[]>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const f of findings) lines.push(csvLine(f, teamsOf));
  return lines.join('\r\n') + '\r\n';
}

/** The CSV is read from the store and written this many findings at a time. */
const CSV_PAGE = 1_000;

/**
 * The findings of `ids`, in that order, written to `file` as CSV a page at a
 * time: every open finding of the report, however many, without holding
 * them all.
 */
export async function writeFindingsCsv(file: string, ids: string[], read: FindingReader, teamsOf: Map<string, string[]>): Promise<void> {
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  done.catch(() => {}); // awaited below; a read that fails first is the error told
  // once() stops listening for the error when the drain comes: a listener per wait would pile up.
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write(CSV_COLUMNS.join(',') + '\r\n');
    for (const page of chunks(ids, CSV_PAGE)) {
      const lines = (await read(page, CSV_FIELDS)).map((f) => csvLine(f, teamsOf));
      if (lines.length) await write(lines.join('\r\n') + '\r\n');
    }
  } finally {
    out.end();
  }
  await done;
}
