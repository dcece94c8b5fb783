// The drift report: what changed since a date (new, reopened, resolved), what
// is open by severity and rule, and exceptions that expired. Markdown, so it
// reads in a terminal, a ticket or an email alike.
import type { StoredFinding } from '../src/findings/finding-store.js';
import { SEVERITIES } from '../src/rules/rule-file.js';

export interface DriftReportInput {
  findings: StoredFinding[];
  since: string;
  now: string;
}

function line(f: StoredFinding): string {
  const who = f.person?.email ? ` (${f.person.email})` : '';
  return `- **${f.severity}** ${f.title}${who} — \`${f.ruleId}\`, \`${f.subject.id}\``;
}

function section(title: string, items: StoredFinding[], empty: string): string[] {
  return [`## ${title} (${items.length})`, '', ...(items.length ? items.map(line) : [empty]), ''];
}

const rank = (f: StoredFinding) => SEVERITIES.indexOf(f.severity);

export function driftReport({ findings, since, now }: DriftReportInput): string {
  const sorted = [...findings].sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId));
  const open = sorted.filter((f) => f.status === 'open');
  const isNew = sorted.filter((f) => f.status === 'open' && f.firstSeen >= since);
  const reopened = sorted.filter((f) => f.status === 'open' && f.reopenedAt && f.reopenedAt >= since);
  const resolved = sorted.filter((f) => f.status === 'resolved' && f.resolvedAt && f.resolvedAt >= since);
  const expired = sorted.filter((f) => f.exceptionExpiredAt && f.exceptionExpiredAt >= since);
  const out: string[] = [
    `# Entitlement drift report`,
    '',
    `From ${since.slice(0, 10)} to ${now.slice(0, 10)}.`,
    '',
    '| severity | open | new |',
    '|---|---|---|',
    ...SEVERITIES.map((s) => `| ${s} | ${open.filter((f) => f.severity === s).length} | ${isNew.filter((f) => f.severity === s).length} |`),
    '',
    `${resolved.length} resolved in the period; ${sorted.filter((f) => f.status === 'excepted').length} excepted.`,
    '',
    ...section('New', isNew, 'Nothing new.'),
    ...section('Reopened', reopened, 'Nothing reopened.'),
    ...section('Resolved', resolved, 'Nothing resolved.'),
    ...section('Exceptions that expired', expired, 'No exception expired.'),
    '## Open by rule',
    '',
  ];
  const byRule = new Map<string, StoredFinding[]>();
  for (const f of open) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  if (!byRule.size) out.push('Nothing open.');
  for (const [rule, items] of byRule) {
    out.push(`### ${rule} (${items.length})`, '', ...items.map(line), '');
  }
  return out.join('\n').trimEnd() + '\n';
}
