// Secret Manager secrets -> stand-alone Credential nodes (type `secret`).
// Google reports no access time for a secret, so use is not reported and the
// stale and never-used rules skip them. A secret is active while a version is
// ENABLED (or its versions are unknown) and it has not expired. Its age is
// that of its oldest enabled version: every enabled version's value still
// works, so adding a version without disabling the old one is no rotation.
import { identityProps, nodeKey, type GraphNode } from '../../src/graph/records.js';
import { redact } from '../../src/util/redact.js';
import { earliest, latest } from '../../src/util/time.js';
import type { Secret } from './model.js';

/** Labels and annotations that name an owner (as AWS owner tags do). */
const OWNER_KEYS = new Set(['owner', 'owner-email', 'owner_email', 'contact', 'created-by', 'created_by']);

export const secretKey = (project: string, name: string) => nodeKey('gcp', project, 'secret', name);

export function secretNode(project: string, s: Secret, now: string): GraphNode {
  const ownerValues: string[] = [];
  const ownerMethods: string[] = [];
  // An annotation holds any text (an email, a catalog group ref); a label only
  // lower-case letters, digits, `-` and `_`, so it names a catalog team.
  for (const [where, map] of [['gcp-annotation', s.annotations], ['gcp-label', s.labels]] as const) {
    for (const [k, v] of Object.entries(map)) {
      if (!OWNER_KEYS.has(k.toLowerCase())) continue;
      for (const value of v.split(/[\s,]+/).filter(Boolean)) {
        // An owner value is shown as evidence when it names nobody known: never a secret-looking one.
        ownerValues.push(redact('owner', value));
        ownerMethods.push(`${where}:${k}`);
      }
    }
  }
  const versions = s.versions ?? [];
  const enabled = versions.filter((v) => v.state === 'ENABLED');
  const expired = s.expireTime !== null && s.expireTime <= now;
  const rotationOn = s.rotationPeriod !== null || s.nextRotationTime !== null;
  return {
    label: 'Credential',
    key: secretKey(project, s.name),
    props: {
      ...identityProps('gcp', project, 'secret', s.name, s.secretId),
      secretId: s.secretId,
      tags: Object.entries(s.labels).map(([k, v]) => `${k}=${redact(k, v)}`),
      ownerValues,
      ownerMethods,
      active: !expired && (s.versions === null || enabled.length > 0),
      versionsKnown: s.versions !== null,
      enabledVersions: enabled.map((v) => v.name.slice(v.name.lastIndexOf('/') + 1)),
      createdAt: s.createTime,
      // The oldest value still in force (every enabled version can be read).
      rotatedAt: earliest(...enabled.map((v) => v.createTime)),
      newestVersionAt: latest(...versions.map((v) => v.createTime)),
      expiresAt: s.expireTime,
      noExpiry: false,
      rotationPeriod: s.rotationPeriod,
      nextRotationAt: s.nextRotationTime,
      // A rotation schedule: its age is the schedule's to keep, not a finding.
      maxAgeApplies: !rotationOn,
      lastUsedAt: null,
      // Secret Manager records no access time: stale and never-used do not apply.
      usageReported: false,
      standalone: true,
      providerManaged: false,
      catalogId: s.name,
      catalogIds: [s.name, `projects/${project}/secrets/${s.secretId}`],
    },
  };
}
