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
    evidence.olderThanMaxAge === true && values.days ? `${values.days} days old` : 'valid with no expiry';
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
