// Titles are templates in the rule header, filled from the subject, the
// person and the evidence, so they read as a sentence in a ticket.
import type { FindingSubject } from './finding.js';
import { daysBetween } from '../util/time.js';

const SOURCE_LABELS: Record<string, string> = {
  aws: 'AWS',
  gcp: 'GCP',
  github: 'GitHub',
  scim: 'SCIM',
  okta: 'Okta',
  hr: 'HR',
  catalog: 'catalog',
};

const TYPE_LABELS: Record<string, string> = {
  user: 'IAM user',
  role: 'IAM role',
  'access-key': 'access key',
  'service-account': 'service account',
  'service-account-key': 'service account key',
  'deploy-key': 'deploy key',
  'personal-access-token': 'personal access token',
  'credential-authorization': 'SAML-authorized credential',
  secret: 'Actions secret',
  'app-installation': 'GitHub App installation',
  member: 'member',
  binding: 'IAM binding member',
  'workload-identity-provider': 'workload identity provider',
};

export function typeLabel(subject: FindingSubject): string {
  const source = SOURCE_LABELS[subject.source] ?? subject.source;
  // `user` means an IAM user only in AWS; a SCIM user is a user.
  const t = subject.type === 'user' && subject.source !== 'aws' ? 'user' : TYPE_LABELS[subject.type] ?? subject.type;
  if (subject.source === 'aws' && subject.type === 'access-key') return 'AWS access key';
  return `${source} ${t}`;
}

export function titleValues(
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
    sourceLabel: SOURCE_LABELS[subject.source] ?? subject.source,
    typeLabel: typeLabel(subject),
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
  values.privilegeLabel = evidence.root === true ? 'AWS root user of' : `Privileged ${typeLabel(subject)}`;
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
