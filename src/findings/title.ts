// Titles are templates in the rule header, filled from the subject, the
// person and the evidence, so they read as a sentence in a ticket.
import type { FindingSubject } from './finding.js';
import { daysBetween } from '../util/time.js';
import type { Registry } from '../sources/connector.js';

/** The words titles use for sources and subject types, from the connectors' declarations. */
export interface SourceWords {
  sourceLabel(source: string): string;
  typeLabel(subject: FindingSubject): string;
}

export function sourceWords(registry: Registry): SourceWords {
  const bySource = new Map(registry.map((c) => [c.source, c]));
  const sourceLabel = (source: string) => bySource.get(source)?.label ?? source;
  return {
    sourceLabel,
    typeLabel(subject) {
      const words = bySource.get(subject.source)?.subjectTypes.find((t) => t.type === subject.type)?.words ?? subject.type;
      return `${sourceLabel(subject.source)} ${words}`;
    },
  };
}

export function titleValues(
  words: SourceWords,
  subject: FindingSubject,
  personName: string | null,
  evidence: Record<string, unknown>,
  entitlement: string | null,
  now: string,
  daysSince: string | null,
): Record<string, string> {
  const values: Record<string, string> = {
    id: subject.id,
    name: subject.name ?? subject.id,
    source: subject.source,
    container: subject.container ?? '',
    sourceLabel: words.sourceLabel(subject.source),
    typeLabel: words.typeLabel(subject),
    personName: personName ?? subject.name ?? subject.id,
    entitlement: String(evidence.entitlementName ?? entitlement ?? ''),
  };
  for (const [k, v] of Object.entries(evidence)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[k] = String(v);
  }
  // A person leaves at the end of their last day: name that day, not the next midnight.
  if (typeof evidence.leftAt === 'string') values.leftAt = new Date(Date.parse(evidence.leftAt) - 1).toISOString().slice(0, 10);
  if (daysSince && typeof evidence[daysSince] === 'string') {
    values.days = String(daysBetween(evidence[daysSince] as string, now));
  }
  values.ageOrExpiry =
    evidence.olderThanMaxAge === true && values.days
      ? `${values.days} days old`
      : evidence.lifetimeTooLong === true && evidence.noExpiry !== true && typeof evidence.expiresAt === 'string'
        ? `valid until ${evidence.expiresAt.slice(0, 10)}`
        : evidence.noExpiry !== true && typeof evidence.longLivedReason === 'string'
          ? evidence.longLivedReason
          : 'valid with no expiry';
  values.mismatchKind =
    evidence.outsideRegions && evidence.outsideCidrs ? 'regions and networks' : evidence.outsideRegions ? 'regions' : 'networks';
  // context-geo-mismatch names a person for sign-ins and an NHI for CloudTrail calls.
  values.geoTitle = Array.isArray(evidence.signIns)
    ? `${values.personName} signed in from ${signInCountries(evidence.signIns)}, outside their HR country ${String(evidence.hrCountry ?? '')}`
    : `${values.typeLabel} ${values.name} called ${values.sourceLabel} from outside its declared ${values.mismatchKind}`;
  values.privilegeLabel = evidence.root === true ? 'AWS root user of' : `Privileged ${words.typeLabel(subject)}`;
  if (evidence.root === true) values.name = subject.container ?? subject.id;
  const services = Array.isArray(evidence.services) ? evidence.services.map(String) : [];
  values.firstService = services[0] ?? '';
  values.lifecycleLabel = Array.isArray(evidence.lifecycles) ? String(evidence.lifecycles[0] ?? '') : '';
  return values;
}

function signInCountries(signIns: unknown[]): string {
  const codes = new Set<string>();
  for (const s of signIns) {
    const c = (s as { country?: unknown }).country;
    if (typeof c === 'string') codes.add(c);
  }
  return [...codes].join(', ');
}

export function fillTitle(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/**
 * A title whose day count moves every day ("unused for {days} days"), kept as
 * text with a 0 where the count goes: the count is filled when the finding is
 * read, from its `lastSeen` (renderTitle), so a finding whose facts did not
 * change is not rewritten every night. Null when the title counts no days.
 * Provider values stay text parts: a name holding "{days}" is never filled.
 */
export function titleParts(template: string, values: Record<string, string>, evidence: Record<string, unknown>): (string | 0)[] | null {
  if (values.days === undefined) return null;
  const parts: (string | 0)[] = [];
  let text = '';
  let counted = false;
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text += template.slice(last, m.index);
    last = m.index! + m[0].length;
    const key = m[1]!;
    const days = key === 'days' ? [] : key === 'ageOrExpiry' && evidence.olderThanMaxAge === true ? [' days old'] : null;
    if (days) {
      parts.push(text, 0, ...days);
      text = '';
      counted = true;
    } else text += values[key] ?? m[0];
  }
  text += template.slice(last);
  parts.push(text);
  return counted ? parts.filter((x) => x !== '') : null;
}

/** The title of `parts` with the day count filled in. */
export function renderTitle(parts: (string | 0)[], days: number): string {
  return parts.map((x) => (x === 0 ? String(days) : x)).join('');
}
