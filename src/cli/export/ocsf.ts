// Findings as OCSF 1.3 Detection Finding events (class_uid 2004, category 2
// "Findings"), for SIEMs and security lakes: one event per finding, its
// state as of the latest scan. Times are epoch milliseconds, as OCSF wants.
import type { Finding } from '../../findings/finding.js';
import type { Severity } from '../../rules/rule-file.js';
import type { ToolInfo } from './sarif.js';

export const OCSF_VERSION = '1.3.0';
const CLASS_UID = 2004;
const CATEGORY_UID = 2;

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
/** Detection Finding status_id: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved. */
const STATUS: Record<Finding['status'], [number, string]> = { open: [1, 'New'], excepted: [3, 'Suppressed'], resolved: [4, 'Resolved'] };

const ms = (iso: string | null) => (iso ? Date.parse(iso) : undefined);

/** activity_id: 1 Create (first seen by the latest scan), 2 Update (still found), 3 Close (resolved). */
function activity(f: Finding): [number, string] {
  if (f.status === 'resolved') return [3, 'Close'];
  return f.firstSeen === f.lastSeen ? [1, 'Create'] : [2, 'Update'];
}

export function toOcsf(f: Finding, tool: ToolInfo) {
  const [activityId, activityName] = activity(f);
  const [statusId, status] = STATUS[f.status];
  const s = f.subject;
  return {
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    activity_id: activityId,
    activity_name: activityName,
    type_uid: CLASS_UID * 100 + activityId,
    type_name: `Detection Finding: ${activityName}`,
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY_NAME[f.severity],
    status_id: statusId,
    status,
    time: ms(f.resolvedAt ?? f.lastSeen),
    message: f.title,
    metadata: {
      version: OCSF_VERSION,
      product: { name: tool.name, vendor_name: tool.name, version: tool.version },
      uid: f.id,
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      types: [f.ruleId],
      analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' },
      created_time: ms(f.firstSeen),
      first_seen_time: ms(f.firstSeen),
      last_seen_time: ms(f.lastSeen),
      ...(f.resolvedAt ? { modified_time: ms(f.resolvedAt) } : {}),
    },
    resources: [
      {
        uid: s.id,
        name: s.name ?? s.id,
        type: s.type,
        group: s.container ? { name: s.container } : undefined,
        labels: [`source:${s.source}`],
      },
    ],
    remediation: { desc: f.remediation },
    unmapped: {
      status: f.status,
      person: f.person,
      owners: f.owners,
      entitlement: f.entitlement,
      evidence: f.evidence,
      frameworks: f.frameworks,
      exception: f.exception ?? null,
    },
  };
}
