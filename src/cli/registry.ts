// The composition root: the one file under src/ that knows the connectors and
// the report (reports/). Every command gets them from here and hands them on;
// nothing else in the core imports connectors/ or reports/
// (test/architecture.test.ts fails when something does).
import { registry } from '../../connectors/index.js';
import type { ReportJobOptions, ReportJobResult } from '../../reports/index.js';
import type { GraphStore } from '../graph/store.js';
import type { Dashboard } from '../web/context.js';
import type { RevocationConfig } from '../revoke/config.js';
import { ticketsConfigSection } from '../tickets/config.js';
import { revocationConfigSection } from '../revoke/config.js';
import { reviewsConfigSection } from '../reviews/config.js';

export { registry };
export type { ReportJobResult } from '../../reports/index.js';

// The report and the dashboard are loaded when one is made or the web view
// starts: their writers and charts are not what `findings` or `query` need,
// and every command loads this file.
/** The drift report (reports/run-report-job.ts), loaded on its first call. */
export async function runReportJob(store: GraphStore, o?: ReportJobOptions): Promise<ReportJobResult> {
  const { runReportJob: run } = await import('../../reports/index.js');
  return run(store, o);
}

/** The web view's dashboard (reports/dashboard.ts). */
export async function loadDashboard(): Promise<Dashboard> {
  return (await import('../../reports/dashboard.js')).dashboard;
}

/** Every section of driftgraph.yaml beyond the core keys: one per source, the tickets, revocation and reviews sections. */
export const configSections = [...registry, ticketsConfigSection, revocationConfigSection, reviewsConfigSection];

// The example policy `npm start` plans with when driftgraph.yaml has no
// revocation section: shown as an example, planned as a dry run, never sent.
// It names the demo estate's sources, so it lives here, beside the registry.
export const DEMO_POLICY: RevocationConfig = {
  routine: [
    { rule: 'leaver-active-access', sources: ['github', 'scim'] },
    { rule: 'stale-credential', sources: ['aws', 'gcp'], minSeverity: 'high' },
  ],
  approval: [{ rule: 'leaver-active-access' }, { rule: 'mover-residual-access' }],
  maxPerRun: 25,
  maxShareOfContainer: 0.25,
  maxSnapshotAgeHours: 48,
};
