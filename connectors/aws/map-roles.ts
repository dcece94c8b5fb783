// IAM roles -> Identity nodes. Every role is a non-human identity; a
// service-linked role (path /aws-service-role/) is AWS's own and is never a
// finding, but stays in the graph for analysts.
import type { GraphBatch } from '../../src/graph/records.js';
import { latest, toInstant } from '../../src/util/time.js';
import { attachedArns, awsKey, baseProps, decodeInline, type MapContext } from './map-context.js';
import { policyJson } from './policy-document.js';
import { REDACTED } from '../../src/util/redact.js';
import { assessPolicies } from './privilege.js';
import { tagFacts } from './tags.js';
import { trustIssues } from './trust.js';

export function mapRoles(ctx: MapContext, out: GraphBatch): void {
  ctx.snapshot.authorization.RoleDetailList.forEach((r, i) => {
    const at = `$.RoleDetailList[${i}]`;
    const inline = decodeInline(r.RolePolicyList, `${at}.RolePolicyList`, ctx.decode);
    const privilege = assessPolicies(attachedArns(r.AttachedManagedPolicies), inline, ctx.managedDoc);
    const trust = r.AssumeRolePolicyDocument === undefined ? null : ctx.decode(r.AssumeRolePolicyDocument, `${at}.AssumeRolePolicyDocument`);
    const { linkValues: _l, linkMethods: _m, ...facts } = tagFacts(r.Tags);
    const path = r.Path ?? '/';
    out.nodes.push({
      label: 'Identity',
      key: awsKey(ctx.account, 'role', r.Arn),
      props: {
        ...baseProps(ctx.account, 'role', r.Arn, r.RoleName),
        catalogId: r.Arn,
        path,
        createdAt: toInstant(r.CreateDate),
        isNhi: true,
        isRoot: false,
        providerManaged: path.startsWith('/aws-service-role/'),
        // A role exists, so it is active (docs/rules.md "NHI ... Active").
        active: true,
        lastUsedAt: latest(toInstant(r.RoleLastUsed?.LastUsedDate), ctx.trailLastUsed(r.Arn)),
        lastUsedRegion: r.RoleLastUsed?.Region ?? null,
        usageReported: true,
        privileged: privilege.privileged,
        privilegeReasons: privilege.reasons,
        trustIssues: trust ? trustIssues(trust) : [],
        // Kept verbatim (decoded when URL-encoded) so analysts can read what was trusted.
        trustPolicy: r.AssumeRolePolicyDocument === undefined ? null : JSON.stringify(withoutSecrets(policyJson(r.AssumeRolePolicyDocument))),
        ...facts,
        attachedPolicies: attachedArns(r.AttachedManagedPolicies),
      },
    });
  });
}

/**
 * The trust policy as analysts read it, minus the values that act as shared
 * secrets: `sts:ExternalId` (the third party's "password" for assuming the
 * role).
 */
function withoutSecrets(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(withoutSecrets);
  if (doc === null || typeof doc !== 'object') return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    // Condition keys name claims (`token.actions.githubusercontent.com:sub`), not secrets: only the external id is one.
    out[k] = /externalid$/i.test(k) ? REDACTED : withoutSecrets(v);
  }
  return out;
}
