// Secrets Manager secrets -> stand-alone Credential nodes (type `secret`).
// A secret is owned directly (owner tags, the catalog), not through an IAM
// identity. One an AWS service created and manages (OwningService: RDS,
// AppFlow, ...) is provider-managed: kept for the record, never a finding.
import type { GraphBatch } from '../../src/graph/records.js';
import { redact, redactText } from '../../src/util/redact.js';
import { latest } from '../../src/util/time.js';
import { awsKey, baseProps } from './map-context.js';
import type { SecretEntry } from './secrets.js';
import { tagFacts } from './tags.js';

/**
 * AWS keeps only the day of a secret's last read. It is read as the last
 * instant of that day (UTC), so a secret is called unused for N days only when
 * it certainly was: a read late on that day is never taken for an earlier one.
 */
export function lastReadBy(day: string): string {
  return `${day}T23:59:59.999Z`;
}

/** `arn:...:secret:prod/db-AbCdEf` -> `arn:...:secret:prod/db`: the partial ARN AWS also accepts. */
export function partialArn(arn: string): string {
  return arn.replace(/-[A-Za-z0-9]{6}$/, '');
}

export function mapSecrets(account: string, secrets: SecretEntry[], out: GraphBatch): void {
  for (const s of secrets) {
    const tags = tagFacts(s.tags);
    out.nodes.push({
      label: 'Credential',
      key: awsKey(account, 'secret', s.arn),
      props: {
        ...baseProps(account, 'secret', s.arn, s.name),
        region: s.region,
        description: s.description === null ? null : redactText(s.description),
        tags: tags.tags,
        // Shown as evidence when they name nobody known: never a secret-looking one.
        ownerValues: tags.ownerValues.map((v) => redact('owner', v)),
        ownerMethods: tags.ownerMethods,
        // Scheduled for deletion: unreadable until restored (restore-secret), so not active.
        active: s.deletedAt === null,
        deletedAt: s.deletedAt,
        createdAt: s.createdAt,
        // The last change of any kind AWS records (a new value, a rotation, or its settings).
        rotatedAt: latest(s.lastRotatedAt, s.lastChangedAt),
        lastChangedAt: s.lastChangedAt,
        lastRotatedAt: s.lastRotatedAt,
        rotationEnabled: s.rotationEnabled,
        rotationDays: s.rotationDays,
        nextRotationAt: s.nextRotationAt,
        lastAccessedDate: s.lastAccessedDay,
        lastUsedAt: s.lastAccessedDay === null ? null : lastReadBy(s.lastAccessedDay),
        // ListSecrets leaves LastAccessedDate out for a secret never read: use is reported.
        usageReported: true,
        // Rotation on: its age is Secrets Manager's to keep, not a finding.
        maxAgeApplies: !s.rotationEnabled,
        expiresAt: null,
        noExpiry: false,
        standalone: true,
        providerManaged: s.owningService !== null,
        // Service and region names; free text all the same, so never stored unchecked.
        owningService: s.owningService === null ? null : redactText(s.owningService),
        primaryRegion: s.primaryRegion === null ? null : redactText(s.primaryRegion),
        catalogId: s.arn,
        catalogIds: [s.arn, partialArn(s.arn)],
      },
    });
  }
}
