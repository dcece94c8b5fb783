// A test estate: a compact description of people, catalog and AWS accounts,
// written as a snapshot directory in the formats of docs/snapshot-format.md.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { awsFiles, type AwsAccount } from './estate-aws.js';
import { gcpFiles, type GcpProject } from './estate-gcp.js';
import { githubFiles, type GithubOrg } from './estate-github.js';

export * from './estate-aws.js';
export * from './estate-gcp.js';
export * from './estate-github.js';
import { saasFiles, type SaasEstate } from './estate-saas.js';

export * from './estate-saas.js';

export interface Person {
  id: string;
  email?: string;
  name?: string;
  department?: string;
  title?: string;
  manager?: string;
  country?: string;
  workerType?: string;
  status?: 'active' | 'leave' | 'terminated';
  startDate?: string;
  endDate?: string;
}

export interface HrEvent {
  id: string;
  event: 'joiner' | 'mover' | 'leaver' | 'rehire';
  date: string;
  fromDepartment?: string;
  toDepartment?: string;
}

export interface CatalogGroup {
  name: string;
  /** User entity names. */
  members?: string[];
  children?: string[];
}

export interface CatalogUser {
  name: string;
  email: string;
  memberOf?: string[];
}

export interface CatalogService {
  name: string;
  kind?: 'Component' | 'Resource' | 'System';
  owner?: string;
  lifecycle?: string;
  /** Native ids for the `driftgraph.dev/identities` annotation. */
  identities?: string[];
  annotations?: Record<string, string>;
}

export interface Estate extends SaasEstate {
  collectedAt: string;
  people?: Person[];
  events?: HrEvent[];
  catalog?: { groups?: CatalogGroup[]; users?: CatalogUser[]; services?: CatalogService[] };
  aws?: AwsAccount[];
  gcp?: GcpProject[];
  github?: GithubOrg[];
}

/** The default email of a person: `<id>@example.com`, lower case. */
export const emailOf = (p: Person) => p.email ?? `${p.id.toLowerCase()}@example.com`;

/** An instant `days` (and `hours`) before `now`, as the provider writes it (`Z`, no fraction). */
export function ago(now: string, days: number, hours = 0): string {
  return new Date(Date.parse(now) - (days * 24 + hours) * 3_600_000).toISOString().replace(/\.000Z$/, 'Z');
}

/** The ISO date (YYYY-MM-DD) `days` before `now` (negative: after). */
export function dateAgo(now: string, days: number): string {
  return ago(now, days).slice(0, 10);
}

function csv(rows: string[][]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function peopleCsv(people: Person[]): string {
  return csv([
    ['employee_id', 'email', 'display_name', 'department', 'title', 'manager_email', 'country', 'worker_type', 'status', 'start_date', 'end_date'],
    ...people.map((p) => [
      p.id, emailOf(p), p.name ?? `Person ${p.id}`, p.department ?? 'Engineering', p.title ?? 'Engineer', p.manager ?? '',
      p.country ?? 'US', p.workerType ?? 'employee', p.status ?? 'active', p.startDate ?? '2020-01-06', p.endDate ?? '',
    ]),
  ]);
}

export function eventsCsv(events: HrEvent[]): string {
  return csv([
    ['employee_id', 'event', 'effective_date', 'from_department', 'to_department', 'from_title', 'to_title'],
    ...events.map((e) => [e.id, e.event, e.date, e.fromDepartment ?? '', e.toDepartment ?? '', '', '']),
  ]);
}

export function catalogYaml(c: NonNullable<Estate['catalog']>): string {
  const docs: object[] = [
    ...(c.groups ?? []).map((g) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: g.name },
      spec: { type: 'team', children: g.children ?? [], members: g.members ?? [] },
    })),
    ...(c.users ?? []).map((u) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: u.name },
      spec: { profile: { email: u.email }, memberOf: u.memberOf ?? [] },
    })),
    ...(c.services ?? []).map((s) => {
      const annotations: Record<string, string> = { ...(s.annotations ?? {}) };
      if (s.identities?.length) annotations['driftgraph.dev/identities'] = s.identities.join('\n');
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: s.kind ?? 'Component',
        metadata: { name: s.name, annotations },
        spec: {
          type: s.kind === 'Resource' ? 'database' : 'service',
          lifecycle: s.lifecycle ?? 'production',
          ...(s.owner ? { owner: s.owner } : {}),
        },
      };
    }),
  ];
  // A catalog of no entities is still a descriptor file: an empty one is a
  // broken copy (the reader fails it). Backstage's root file is often a
  // Location alone, which driftgraph reads past.
  if (!docs.length) docs.push({ apiVersion: 'backstage.io/v1alpha1', kind: 'Location', metadata: { name: 'test-estate' }, spec: { targets: [] } });
  return docs.map((d) => stringify(d)).join('---\n');
}

/** Every file of the estate: snapshot-relative path -> content. hr/ and catalog/ are always written. */
export function estateFiles(e: Estate): Record<string, string> {
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify({ collectedAt: e.collectedAt, collector: 'driftgraph test estate' }, null, 2),
    'hr/people.csv': peopleCsv(e.people ?? []),
    'catalog/catalog-info.yaml': catalogYaml(e.catalog ?? {}),
  };
  if (e.events?.length) files['hr/events.csv'] = eventsCsv(e.events);
  for (const a of e.aws ?? []) Object.assign(files, awsFiles(a));
  for (const p of e.gcp ?? []) Object.assign(files, gcpFiles(p));
  for (const o of e.github ?? []) Object.assign(files, githubFiles(o));
  Object.assign(files, saasFiles(e));
  return files;
}

/** Write the estate into a fresh temp directory; returns its path. */
export async function writeEstate(e: Estate, parent = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, 'estate-'));
  for (const [rel, content] of Object.entries(estateFiles(e))) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}
