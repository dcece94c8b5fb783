// The ticket's text as a small document, before any markup: fixed words are
// `text`, provider values are `value` (each sink renders them as literal:
// a Markdown code span, an ADF text node with a code mark, Slack code).
import { createHash } from 'node:crypto';
import type { StoredFinding } from '../findings/finding-store.js';
import { redactSecrets } from './redact.js';
import { markerLine } from './marker.js';
import type { TicketState } from './marker.js';
import { append } from '../util/arrays.js';

export type Inline = { text: string } | { value: string };
export type Block =
  | { heading: string }
  | { para: Inline[] }
  | { bullets: Inline[][] }
  | { code: string }
  /** The marker line: plain text, last in the ticket. */
  | { marker: string };

const t = (text: string): Inline => ({ text });
const v = (value: unknown): Inline => ({ value: String(value ?? '') });

/** Plain text of inline parts (titles, Slack fallbacks, tests). */
export function plain(parts: Inline[]): string {
  return parts.map((p) => ('text' in p ? p.text : p.value)).join('');
}

/** A one-line title without control characters, cut to the sinks' limit (Jira: 255). */
export function ticketTitle(findings: StoredFinding[], groupLabel: string | null): string {
  const f = findings[0]!;
  const raw = groupLabel
    ? `[${f.severity}] ${f.ruleId}: ${findings.length} finding(s) for ${groupLabel}`
    : `[${f.severity}] ${f.title}`;
  // eslint-disable-next-line no-control-regex
  const one = raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return one.length > 250 ? one.slice(0, 249) + '…' : one;
}

function subjectLine(f: StoredFinding): Inline[] {
  const s = f.subject;
  const parts: Inline[] = [t('Subject: '), v(s.type), t(' ')];
  if (s.name && s.name !== s.id) parts.push(v(s.name), t(' ('), v(s.id), t(')'));
  else parts.push(v(s.id));
  parts.push(t(' in '), v(s.source));
  if (s.container) parts.push(t(' '), v(s.container));
  return parts;
}

function findingBlocks(f: StoredFinding): Block[] {
  const blocks: Block[] = [
    { para: [t('Finding: '), v(f.title)] },
    { para: [t('Severity: '), v(f.severity), t(' · Rule: '), v(f.ruleId), t(' · Status: '), v(f.status)] },
    { para: subjectLine(f) },
  ];
  if (f.person) {
    const p: Inline[] = [t('Person: ')];
    if (f.person.email) p.push(v(f.person.email));
    if (f.person.employeeId) p.push(t(f.person.email ? ' (employee ' : 'employee '), v(f.person.employeeId), t(f.person.email ? ')' : ''));
    blocks.push({ para: p });
  }
  const owners: Inline[] = [t('Owners: ')];
  if (!f.owners.length) owners.push(t('none known'));
  f.owners.forEach((o, i) => {
    if (i) owners.push(t(', '));
    owners.push(v(o.id), t(` (${o.kind}, by `), v(o.method), t(')'));
  });
  blocks.push({ para: owners });
  if (f.entitlement) blocks.push({ para: [t('Entitlement: '), v(f.entitlement)] });
  const evidence = Object.entries(redactSecrets(f.evidence));
  if (evidence.length) {
    blocks.push({ heading: 'Evidence' });
    blocks.push({ bullets: evidence.map(([k, val]) => [v(k), t(': '), v(typeof val === 'string' ? val : JSON.stringify(val))]) });
  }
  if (f.remediation) {
    blocks.push({ heading: 'Remediation' });
    blocks.push({ code: f.remediation });
  }
  if (f.frameworks.length) blocks.push({ para: [t('Frameworks: '), ...f.frameworks.flatMap((x, i) => [...(i ? [t(', ')] : []), v(x)])] });
  if (f.exception) {
    blocks.push({
      para: [t('Exception: '), v(f.exception.reason), t(' · approved by '), v(f.exception.approvedBy), t(' · expires '), v(f.exception.expires ?? 'never')],
    });
  }
  // Not firstSeen: a store rebuilt from scratch would rewrite every ticket for it.
  blocks.push({ para: [t('Finding id: '), v(f.id)] });
  return blocks;
}

/** The body without its marker, and the digest that says whether it changed. */
export function ticketBody(findings: StoredFinding[], groupLabel: string | null): { title: string; blocks: Block[]; digest: string } {
  const title = ticketTitle(findings, groupLabel);
  const blocks: Block[] = [];
  if (groupLabel) {
    blocks.push({ para: [t(`${findings.length} finding(s) of rule `), v(findings[0]!.ruleId), t(' for '), v(groupLabel), t('.')] });
    for (const f of findings) blocks.push({ heading: `${f.id}` }, ...findingBlocks(f));
  } else append(blocks, findingBlocks(findings[0]!));
  const digest = createHash('sha256').update(JSON.stringify({ title, blocks })).digest('hex').slice(0, 12);
  return { title, blocks, digest };
}

export function withMarker(blocks: Block[], key: string, state: TicketState, digest: string): Block[] {
  return [...blocks, { marker: markerLine(key, state, digest) }];
}
