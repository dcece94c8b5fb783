// One GCP test estate with a true case of every GCP rule and its near misses
// beside it, shared by the GCP rule tests.
import { ago, dateAgo, type Estate, type GcpProject, type Person } from '../helpers/estate.js';
import { NOW } from '../rules/scan-helpers.js';

export const PROJECT = 'northwind-prod';
export const sa = (id: string) => `${id}@${PROJECT}.iam.gserviceaccount.com`;
export const keyName = (email: string, keyId: string) => `projects/${PROJECT}/serviceAccounts/${email}/keys/${keyId}`;
export const PROVIDER = (id: string) => `projects/123456789012/locations/global/workloadIdentityPools/github/providers/${id}`;
export const AGENT = 'service-123456789012@gcp-sa-cloudbuild.iam.gserviceaccount.com';

export const ana: Person = { id: 'E1', email: 'ana@example.com', name: 'Ana', department: 'Payments' };
export const leo: Person = { id: 'E2', email: 'leo@example.com', name: 'Leo', status: 'terminated', endDate: dateAgo(NOW, 20) };
/** Left 2 hours ago (end of yesterday): inside the 24 h grace. */
export const kim: Person = { id: 'E3', email: 'kim@example.com', name: 'Kim', status: 'terminated', endDate: dateAgo(NOW, 1) };
const payments = ['P1', 'P2', 'P3'].map((id): Person => ({ id, department: 'Payments' }));
// Ten in Data, so Tia (inside her window, still holding the role) keeps the new department's share under 10%.
const data = Array.from({ length: 10 }, (_, i): Person => ({ id: `D${i + 1}`, department: 'Data' }));
/** Moved Payments -> Data 45 days ago; Tia moved 10 days ago (inside the 30-day window). */
export const omar: Person = { id: 'M1', email: 'omar@example.com', department: 'Data' };
export const tia: Person = { id: 'M2', email: 'tia@example.com', department: 'Data' };

export function gcpProject(over: Partial<GcpProject> = {}): GcpProject {
  return {
    id: PROJECT,
    serviceAccounts: [
      // orphaned (no owner) with a stale key (91 d), a fresh key (89 d) and a SYSTEM_MANAGED key never used
      {
        id: 'ci-deployer',
        lastAuth: ago(NOW, 2),
        keys: [
          { id: 'aaaa0001', validAfter: ago(NOW, 60), validBefore: ago(NOW, -300), lastAuth: ago(NOW, 91) },
          { id: 'aaaa0002', validAfter: ago(NOW, 60), validBefore: ago(NOW, -300), lastAuth: ago(NOW, 89) },
          { id: 'aaaa0003', type: 'SYSTEM_MANAGED', validAfter: ago(NOW, 400), validBefore: ago(NOW, -300) },
        ],
      },
      // owned by Ana (description); keys: never used 45 d, never used 20 d, expired never used, disabled
      {
        id: 'etl-loader',
        description: 'ETL loader. Owner: Ana@example.com',
        keys: [
          { id: 'bbbb0001', validAfter: ago(NOW, 45), validBefore: ago(NOW, -30) },
          { id: 'bbbb0002', validAfter: ago(NOW, 20), validBefore: ago(NOW, -60) },
          { id: 'bbbb0003', validAfter: ago(NOW, 200), validBefore: ago(NOW, 1) },
          { id: 'bbbb0004', validAfter: ago(NOW, 200), disabled: true },
        ],
      },
      // owned by Ana; keys: 100 days old (expiring), no expiry (10 days old), 10 days old expiring
      {
        id: 'report-export',
        description: 'contact ana@example.com',
        lastAuth: ago(NOW, 1),
        keys: [
          { id: 'cccc0001', validAfter: ago(NOW, 100), validBefore: ago(NOW, -30), lastAuth: ago(NOW, 1) },
          { id: 'cccc0002', validAfter: ago(NOW, 10), lastAuth: ago(NOW, 1) },
          { id: 'cccc0003', validAfter: ago(NOW, 10), validBefore: ago(NOW, -80), lastAuth: ago(NOW, 1) },
        ],
      },
      // owned only by Leo, who left
      { id: 'ml-batch', description: 'owner leo@example.com', lastAuth: ago(NOW, 3) },
      // disabled and unowned: no finding
      { id: 'old-cron', disabled: true },
      // listed by a retired Component; listed by two Components
      { id: 'legacy-billing', description: 'ana@example.com' },
      { id: 'ledger-reader', description: 'ana@example.com' },
    ],
    bindings: [
      { role: 'roles/editor', members: [`user:leo@example.com`, `serviceAccount:${sa('ci-deployer')}`, `serviceAccount:${AGENT}`] },
      { role: 'roles/viewer', members: ['user:Leo@Example.com', 'user:kim@example.com', 'user:ana@example.com', 'user:outsider@gmail.com', 'group:payments@example.com', 'domain:example.com'] },
      {
        role: 'roles/cloudsql.client',
        members: ['user:p1@example.com', 'user:p2@example.com', 'user:p3@example.com', 'user:omar@example.com', 'user:tia@example.com'],
      },
      {
        role: 'roles/storage.objectViewer',
        members: ['user:omar@example.com'],
        condition: { title: 'bucket', expression: "resource.name.startsWith('projects/_/buckets/exports')" },
      },
    ],
    providers: [
      { pool: 'github', id: 'open' },
      { pool: 'github', id: 'pinned', condition: "assertion.repository == 'northwind/app' && assertion.ref == 'refs/heads/main'" },
      { pool: 'github', id: 'either', condition: "assertion.repository == 'northwind/app' || assertion.repository == 'northwind/infra'" },
      { pool: 'github', id: 'owner-only', condition: "assertion.repository_owner == 'northwind'" },
      { pool: 'github', id: 'open-but-disabled', disabled: true },
      { pool: 'github', id: 'gitlab', issuer: 'https://gitlab.com' },
    ],
    ...over,
  };
}

export function gcpEstate(over: Partial<GcpProject> = {}): Estate {
  return {
    collectedAt: NOW,
    people: [ana, leo, kim, ...payments, ...data, omar, tia],
    events: [
      { id: 'M1', event: 'mover', date: dateAgo(NOW, 45), fromDepartment: 'Payments', toDepartment: 'Data' },
      { id: 'M2', event: 'mover', date: dateAgo(NOW, 10), fromDepartment: 'Payments', toDepartment: 'Data' },
    ],
    catalog: {
      services: [
        { name: 'legacy-billing', owner: 'payments', lifecycle: 'deprecated', identities: [sa('legacy-billing')] },
        { name: 'ledger', owner: 'payments', identities: [sa('ledger-reader')] },
        { name: 'statements', owner: 'payments', identities: [sa('ledger-reader')] },
      ],
      groups: [{ name: 'payments', members: ['ana'] }],
      users: [{ name: 'ana', email: 'ana@example.com' }],
    },
    gcp: [gcpProject(over)],
  };
}
