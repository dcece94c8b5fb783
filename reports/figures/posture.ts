// Standing posture: non-human identities without an owner, credentials
// without an expiry. Each from its saved query.
import type { GraphStore } from '../../src/graph/store.js';
import { runSaved } from '../saved-query.js';
import type { ReportFigures } from '../report-data.js';
import { round } from '../stats.js';

export async function nhiFigures(store: GraphStore): Promise<ReportFigures['nhis']> {
  const [r] = await runSaved(store, 'report-nhi-owners');
  const total = Number(r?.nhis ?? 0);
  const withoutOwner = Number(r?.withoutOwner ?? 0);
  return { total, withoutOwner, withoutOwnerShare: total ? round(withoutOwner / total) : null };
}

export async function credentialFigures(store: GraphStore): Promise<ReportFigures['credentials']> {
  const rows = await runSaved(store, 'report-credentials-without-expiry');
  return {
    active: rows.reduce((n, r) => n + Number(r.active), 0),
    withoutExpiry: rows.reduce((n, r) => n + Number(r.withoutExpiry), 0),
  };
}

/** Leavers' credentials still valid 5 days after they left, for leavers whose fifth day is in the period. */
export async function leaverCredentialFigures(store: GraphStore, since: string, until: string): Promise<ReportFigures['leaverCredentials']> {
  const [r] = await runSaved(store, 'report-leaver-credentials-after-5-days', { since, until });
  const credentials = Number(r?.credentials ?? 0);
  const stillValid = Number(r?.stillValidAfter5Days ?? 0);
  return { credentials, stillValidAfter5Days: stillValid, share: credentials ? round(stillValid / credentials) : null };
}
