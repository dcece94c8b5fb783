// The bundled demo estate (what `npm start` scans) yields exactly the findings
// its oracle, examples/demo-estate/EXPECTED.md, lists: every rule fires where
// it should and none of the near misses beside them does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { registry } from '../connectors/index.js';
import { silentProgress } from '../src/util/progress.js';
import { readFindings } from '../src/findings/finding-store.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));
const P = 'arn:aws:iam::111111111111:';
const S = 'arn:aws:iam::222222222222:';
const G = 'northwind-analytics';
const SA = (id: string) => `${id}@${G}.iam.gserviceaccount.com`;
const KEY = (sa: string, id: string) => `projects/${G}/serviceAccounts/${SA(sa)}/keys/${id}`;
const WIP = (id: string) => `projects/407123456789/locations/global/workloadIdentityPools/github/providers/${id}`;
const GH = 'northwind-robotics';
const EU = (emp: string) => `a0000000-0000-4000-8000-00000000${emp}`;
const ESP = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const EKEY = (n: number) => `5e000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const EXPECTED = [
  `broad-workload-trust ${P}role/eks-external-dns`,
  `broad-workload-trust ${P}role/github-actions-deploy`,
  `context-geo-mismatch ${P}role/app/payments-api`,
  `context-geo-mismatch ${P}role/settlement-batch`,
  `dormant-account ${P}user/george.brown`,
  `human-use-of-nhi ${P}user/service/looker-sync`,
  `human-use-of-nhi ${P}user/service/reconciliation-svc`,
  `leaver-active-access ${P}user/ethan.clarke`,
  `leaver-active-access ${S}user/felix.wagner`,
  `leaver-owned-nhi ${P}role/app/recommender-inference`,
  `leaver-owned-nhi ${P}user/service/grafana-cloudwatch`,
  'long-lived-credential AKIAL2C7GHOCXKFFH3DP',
  'long-lived-credential AKIAMYXGFJLMQ2AINPDF',
  'long-lived-credential AKIAV7UKSNDYD23U7DSW',
  'long-lived-credential AKIAXFMQY7FDY5DI2VHF',
  `mover-residual-access E1106 ${P}group/payments-engineers`,
  'never-used-credential AKIAHXKTFSO46U6AMGX7',
  `nhi-reuse ${P}role/app/ledger-reader`,
  `orphaned-nhi ${P}role/legacy-etl`,
  `orphaned-nhi ${P}role/tmp-migration-2025`,
  `orphaned-nhi ${P}user/backup-sync`,
  `privileged-without-mfa ${P}user/marcus.chen`,
  `privileged-without-mfa ${S}root`,
  `privileged-without-mfa ${S}user/lena.fischer`,
  `retired-service-identity-active ${P}role/legacy-billing-worker`,
  'stale-credential AKIAMYXGFJLMQ2AINPDF high',
  'stale-credential AKIAV7UKSNDYD23U7DSW medium',
  `unlinked-account ${S}user/jsmith`,
  // GCP (project northwind-analytics)
  `broad-workload-trust ${WIP('org-wide')}`,
  `broad-workload-trust ${WIP('two-repos')}`,
  `leaver-active-access user:ethan.clarke@northwind.example`,
  `leaver-owned-nhi ${SA('ml-training')}`,
  `long-lived-credential ${KEY('bq-loader', '3f0c9a1b7d2e4c6a8b0d1e2f3a4b5c6d7e8f9a01')}`,
  `long-lived-credential ${KEY('bq-loader', '3f0c9a1b7d2e4c6a8b0d1e2f3a4b5c6d7e8f9a02')}`,
  `long-lived-credential ${KEY('looker-export', '8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a03')}`,
  `mover-residual-access E1106 ${G}/roles/cloudsql.client`,
  `never-used-credential ${KEY('looker-export', '8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a01')}`,
  `nhi-reuse ${SA('shared-etl')}`,
  `orphaned-nhi ${SA('tmp-debug')}`,
  `retired-service-identity-active ${SA('legacy-reports')}`,
  `stale-credential ${KEY('bq-loader', '3f0c9a1b7d2e4c6a8b0d1e2f3a4b5c6d7e8f9a02')} high`,
  `unlinked-account user:jane.doe.consulting@gmail.com`,
  // SCIM apps, the Okta log and the device inventory (EXPECTED.md, last section).
  'leaver-active-access 005Hs00000A1felAAB',
  'leaver-active-access 1e98f5f6-d652-b524-86e5-9756571f8164',
  'unlinked-account cb616d49-3b61-c816-c8c7-52eebf23580d',
  'mover-residual-access E1106 atlassian/payments-oncall',
  'context-geo-mismatch E1202',
  'context-untrusted-device E1002',
  'context-untrusted-device E1005',
  // GitHub org northwind-robotics (EXPECTED.md, last section)
  'leaver-active-access eclarke',
  'leaver-owned-nhi 31001',
  'orphaned-nhi 31002',
  'orphaned-nhi OLD_SLACK_WEBHOOK',
  'stale-credential 31005 medium',
  'stale-credential 41005 medium',
  'never-used-credential 31006',
  'never-used-credential 51003',
  'long-lived-credential 31004',
  'long-lived-credential 31005',
  'long-lived-credential 41003',
  'long-lived-credential 51004',
  'long-lived-credential FIRMWARE_SIGNING_KEY',
  'dormant-account sokafor',
  'unlinked-account jd-contractor',
  'unlinked-account nw-ci-bot',
  'privileged-without-mfa tbecker',
  `mover-residual-access E1106 ${GH}/payments-eng`,
  'retired-service-identity-active 61003',
  'nhi-reuse 61001',
  // Entra ID tenant 3c1e9d7a-5b2f-4e8a-9c6d-0f1a2b3c4d5e (EXPECTED.md, "Entra ID")
  `leaver-active-access ${EU('1009')}`,
  `leaver-owned-nhi ${ESP(1)}`,
  `orphaned-nhi ${ESP(3)}`,
  `stale-credential ${EKEY(3)} medium`,
  `never-used-credential ${EKEY(5)}`,
  `long-lived-credential ${EKEY(3)}`,
  `long-lived-credential ${EKEY(4)}`,
  `dormant-account ${EU('1404')}`,
  'unlinked-account b0000000-0000-4000-8000-00000000a001',
  'mover-residual-access E1106 group/c0000000-0000-4000-8000-000000000001',
  'context-geo-mismatch E1101',
  'context-untrusted-device E1301',
  `privileged-without-mfa ${EU('1002')}`,
  `retired-service-identity-active ${ESP(8)}`,
  `nhi-reuse ${ESP(10)}`,
  `broad-workload-trust ${ESP(11)}`,
];

test('the demo estate gives exactly the findings of its oracle, and every source loads', async () => {
  const store = await openEmbeddedStore(join(mkdtempSync(join(tmpdir(), 'driftgraph-demo-')), 'graph.db'));
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: DEMO, config: {}, exceptions: [], progress: silentProgress });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(
      result.outcomes.filter((o) => o.status !== 'not-scanned').map((o) => `${o.source}:${o.status}`),
      ['hr:loaded', 'catalog:loaded', 'aws:loaded', 'gcp:loaded', 'github:loaded', 'scim:loaded', 'okta:loaded', 'entra:loaded', 'devices:loaded'],
    );
    // A fresh store: every finding it holds is one this scan found.
    const got = (await readFindings(store))
      .map((f) =>
        [f.ruleId, f.subject.id, f.entitlement, f.ruleId === 'stale-credential' ? f.severity : null].filter(Boolean).join(' '),
      )
      .sort();
    assert.deepEqual(got, [...EXPECTED].sort());
  } finally {
    await store.close();
  }
});
