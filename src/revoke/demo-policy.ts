// The example policy `npm start` plans with when driftgraph.yaml has no
// revocation section: shown as an example, planned as a dry run, never sent.
import type { RevocationConfig } from './config.js';

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
