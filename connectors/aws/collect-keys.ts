// Decides which per-user and per-key calls the credential report makes
// unnecessary. IAM has no bulk call for access keys, so ListAccessKeys runs
// once per user; the report tells which users have keys at all, and which
// keys' last use it already records (the reader matches a key to the report
// slot whose access_key_N_last_rotated equals the key's CreateDate).
import { parse } from 'csv-parse/sync';
import type { AccessKeyMetadata } from '@aws-sdk/client-iam';

export interface ReportSlot {
  active: boolean;
  /** Epoch ms of access_key_N_last_rotated, null for N/A. */
  lastRotated: number | null;
}

const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);

function instant(value: string | undefined): number | null {
  if (value === undefined || NO_VALUE.has(value.trim())) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** Key slots per user name (the root row is skipped: root keys are not listed by ListAccessKeys). */
export function reportKeySlots(csv: string): Map<string, ReportSlot[]> {
  const rows = parse(csv, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const slots = new Map<string, ReportSlot[]>();
  for (const row of rows) {
    if (!row.user || row.user === '<root_account>') continue;
    slots.set(
      row.user,
      [1, 2].map((n) => ({
        active: row[`access_key_${n}_active`] === 'true',
        lastRotated: instant(row[`access_key_${n}_last_rotated`]),
      })),
    );
  }
  return slots;
}

/**
 * Users whose keys must be listed: the report shows an active key or a key
 * ever created in a slot (an inactive key still has last_rotated). A user the
 * report does not know (created after it was generated) is listed too: the
 * report cannot vouch that they have no key.
 */
export function usersWithKeys(userNames: string[], slots: Map<string, ReportSlot[]>): string[] {
  return userNames.filter((name) => {
    const s = slots.get(name);
    return !s || s.some((slot) => slot.active || slot.lastRotated !== null);
  });
}

/**
 * Keys whose report slot cannot be matched by CreateDate == last_rotated: no
 * slot has the date (the key was created after the report, or the report is
 * missing the user), or the match is ambiguous (two slots or two keys share it).
 * Only these need GetAccessKeyLastUsed.
 */
export function keysNeedingLastUsed(keys: AccessKeyMetadata[], slots: ReportSlot[] | undefined): AccessKeyMetadata[] {
  const created = (k: AccessKeyMetadata) => (k.CreateDate ? Math.floor(k.CreateDate.getTime() / 1000) : null);
  return keys.filter((key) => {
    const t = created(key);
    if (t === null || !slots) return true;
    const slotMatches = slots.filter((s) => s.lastRotated !== null && Math.floor(s.lastRotated / 1000) === t).length;
    const keyMatches = keys.filter((k) => created(k) === t).length;
    return slotMatches !== 1 || keyMatches !== 1;
  });
}
