// A nightly re-scan finds mostly what the last one found, from the same
// facts. Building a finding means reading its subject whole and working out
// its title and remediation; comparing it with the stored one means writing
// it all out again to hash it. So each stored finding keeps the digest of
// what it was built from (`inputDigest`): the rule (its header, the config's
// severity, the absent sources, driftgraph's code), the rule's row, and its
// subject as a light read shows it (its loaded content hash, removal, what
// derive last changed on it, its labels),
// its person and its owners. A finding found again with the same digest,
// open, found by the latest scan and covered by no exception is the stored
// finding unchanged: it is neither built nor written.
import { createHash } from 'node:crypto';
import type { RuleFile, Severity } from '../rules/rule-file.js';
import type { FindingState } from './finding-store.js';
import type { FindingOwner, FindingSubject } from './finding.js';
import type { SubjectInfo, SubjectNode } from './subjects.js';
import { exceptionMatches, type RiskException } from './exceptions.js';
import { renderTitle } from './title.js';
import { daysBetween } from '../util/time.js';
import { codeDigest } from '../util/code-digest.js';

/** A finding found again as it was stored. */
export interface ReusedFinding {
  id: string;
  severity: Severity;
  title: string;
}

/** Engine values are plain JSON but for large integers. */
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

/** What a rule's findings are built from besides their rows and subjects. */
export async function ruleDigestOf(rule: RuleFile, configuredSeverity: Severity | undefined, absent: string[] | undefined): Promise<string> {
  const { id, title, severity, frameworks, remediation, daysSince, without } = rule;
  return createHash('sha1')
    .update(json([id, title, severity, frameworks, remediation, daysSince, without, configuredSeverity ?? null, absent ?? [], await codeDigest()]))
    .digest('base64');
}

/** The digest of one finding's inputs. */
export function inputDigest(
  ruleDigest: string,
  row: Record<string, unknown>,
  node: SubjectNode,
  who: { person: SubjectInfo['person']; owners: FindingOwner[] },
): string {
  return createHash('sha1').update(json([ruleDigest, row, node.key, node.subject, node.state, who.person, who.owners])).digest('base64');
}

/** The stored finding stands as it is: same inputs, open, found by the latest scan, at the same subject, no exception in play. */
export function reusable(
  prev: FindingState,
  digest: string,
  now: { id: string; ruleId: string; subjectKey: string; subject: FindingSubject; entitlement: string | null },
  exceptions: RiskException[],
): boolean {
  if (prev.inputDigest !== digest || prev.status !== 'open' || !prev.foundInLatestScan || prev.subjectKey !== now.subjectKey) return false;
  // An exception that covers it may start or end: the lifecycle decides on the whole finding.
  const probe = { id: now.id, ruleId: now.ruleId, subject: now.subject, entitlement: now.entitlement };
  return !exceptions.some((x) => exceptionMatches(x, probe as Parameters<typeof exceptionMatches>[1]));
}

/** Its title as a build at `now` would make it: the stored one, with a day count moved on to now. */
export function storedTitle(prev: FindingState, now: string): string {
  return prev.titleParts && prev.daysFrom ? renderTitle(prev.titleParts, daysBetween(prev.daysFrom, now)) : prev.title;
}
