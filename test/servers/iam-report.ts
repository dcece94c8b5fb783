// The IAM credential report of an estate account, in AWS's exact column order
// and value conventions (N/A, no_information, not_supported, +00:00 times).
import { userArn, type EstateAccount, type EstateKey } from './iam-estate.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The report writes `2024-05-01T10:00:00+00:00`. */
const reportTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keySlot(key: EstateKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const rotated = reportTime(key.reportedCreated ?? key.created);
  // A key rotated after the report: the report knows only the old key, whose use we do not model.
  if (key.reportedCreated) return [String(key.status === 'Active'), rotated, 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return [String(key.status === 'Active'), rotated, used ? reportTime(used.date) : 'N/A', used?.region ?? 'N/A', used?.service ?? 'N/A'];
}

export function credentialReportCsv(account: EstateAccount): string {
  const rows: string[][] = [
    [
      '<root_account>',
      `arn:aws:iam::${account.id}:root`,
      reportTime(account.created),
      'not_supported',
      'no_information',
      'not_supported',
      'not_supported',
      'true',
      ...keySlot(undefined),
      ...keySlot(undefined),
      'false',
      'N/A',
      'false',
      'N/A',
    ],
  ];
  for (const u of account.users) {
    if (u.afterReport) continue;
    const pw = u.password;
    const [k1, k2] = [...u.keys].sort((a, b) => (a.reportedCreated ?? a.created).localeCompare(b.reportedCreated ?? b.created));
    rows.push([
      u.name,
      userArn(account.id, u),
      reportTime(u.created),
      String(!!pw),
      pw ? (pw.lastUsed ? reportTime(pw.lastUsed) : 'no_information') : 'N/A',
      pw ? reportTime(pw.lastChanged) : 'N/A',
      'N/A',
      String(u.mfa),
      ...keySlot(k1),
      ...keySlot(k2),
      'false',
      'N/A',
      'false',
      'N/A',
    ]);
  }
  return [CREDENTIAL_REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
