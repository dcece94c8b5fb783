// IAM users, the root user and IAM groups -> Identity and Entitlement nodes.
// isNhi is left unset for IAM users: it depends on the catalog and on links
// to people, which are derived after every source has loaded.
import type { GraphBatch } from '../../src/graph/records.js';
import { latest, toInstant } from '../../src/util/time.js';
import type { CredentialReportRow } from './credential-report.js';
import type { KeyFacts } from './map-keys.js';
import { attachedArns, awsKey, baseProps, decodeInline, type MapContext } from './map-context.js';
import type { UserDetail } from './model.js';
import { assessPolicies, withGroups } from './privilege.js';
import { addLink, isEmail, tagFacts } from './tags.js';

export function mapGroups(ctx: MapContext, out: GraphBatch): void {
  for (const { detail: g, privilege } of ctx.groupsByName.values()) {
    out.nodes.push({
      label: 'Entitlement',
      key: awsKey(ctx.account, 'group', g.Arn),
      props: {
        ...baseProps(ctx.account, 'group', g.Arn, g.GroupName),
        entitlementId: g.Arn,
        path: g.Path ?? null,
        createdAt: toInstant(g.CreateDate),
        privileged: privilege.privileged,
        privilegeReasons: privilege.reasons,
        attachedPolicies: attachedArns(g.AttachedManagedPolicies),
      },
    });
  }
}

export function mapUsers(ctx: MapContext, keysByUser: Map<string, KeyFacts[]>, out: GraphBatch): void {
  const unknownGroups = new Set<string>();
  ctx.snapshot.authorization.UserDetailList.forEach((u, i) => {
    const groups = (u.GroupList ?? []).flatMap((name) => {
      const g = ctx.groupsByName.get(name);
      if (!g) unknownGroups.add(name);
      return g ? [{ name, arn: g.detail.Arn, privilege: g.privilege }] : [];
    });
    mapUser(ctx, u, i, groups, keysByUser.get(u.UserName) ?? [], out);
  });
  if (unknownGroups.size) {
    // Counted, not quoted: a name is provider data, and may be anything.
    ctx.warnings.push(`aws/${ctx.account}: users list ${unknownGroups.size} group(s) missing from GroupDetailList`);
  }
}

function mapUser(
  ctx: MapContext,
  u: UserDetail,
  index: number,
  groups: { name: string; arn: string; privilege: ReturnType<typeof assessPolicies> }[],
  keys: KeyFacts[],
  out: GraphBatch,
): void {
  const inline = decodeInline(u.UserPolicyList, `$.UserDetailList[${index}].UserPolicyList`, ctx.decode);
  const privilege = withGroups(assessPolicies(attachedArns(u.AttachedManagedPolicies), inline, ctx.managedDoc), groups);
  const row = ctx.reportRow(u.Arn, u.UserName);
  const facts = tagFacts(u.Tags);
  if (isEmail(u.UserName)) addLink(facts, `email:${u.UserName.toLowerCase()}`, 'email');
  const hasPassword = row?.passwordEnabled ?? null;
  // list-access-keys is current; the report can be hours old, so its slots
  // only decide "an active key" when access-keys.json is absent.
  const activeKey =
    ctx.snapshot.accessKeys !== null ? keys.some((k) => k.active) : (row?.keys.some((s) => s.active === true) ?? false);
  const key = awsKey(ctx.account, 'user', u.Arn);
  out.nodes.push({
    label: 'Identity',
    key,
    props: {
      ...baseProps(ctx.account, 'user', u.Arn, u.UserName),
      catalogId: u.Arn,
      path: u.Path ?? null,
      createdAt: toInstant(u.CreateDate),
      isRoot: false,
      // Explicitly null, not absent: the loader merges properties, so an
      // absent value would keep the previous scan's derived isNhi and stop
      // it from being worked out again.
      isNhi: null,
      // Fact for the derive step: an IAM user is an NHI when the catalog or
      // an owner tag says so, or it has no password and no person.
      mayBeNhi: true,
      providerManaged: false,
      hasPassword,
      passwordLastUsedAt: row?.passwordLastUsed ?? null,
      mfaActive: row?.mfaActive ?? null,
      // Only a console sign-in asks for MFA; a user without a password needs none.
      mfaMissing: hasPassword === true ? row?.mfaActive !== true : false,
      active: hasPassword === true || activeKey,
      lastUsedAt: latest(
        row?.passwordLastUsed,
        ...keys.map((k) => k.lastUsedAt),
        ...(row?.keys.map((s) => s.lastUsedAt) ?? []),
        ctx.trailLastUsed(u.Arn),
      ),
      usageReported: true,
      privileged: privilege.privileged,
      privilegeReasons: privilege.reasons,
      ...facts,
      groups: groups.map((g) => g.arn),
      attachedPolicies: attachedArns(u.AttachedManagedPolicies),
    },
  });
  for (const g of groups) out.edges.push({ type: 'HOLDS', from: key, to: awsKey(ctx.account, 'group', g.arn) });
}

/** The `<root_account>` row: the account's root user, always privileged. */
export function mapRoot(ctx: MapContext, row: CredentialReportRow, out: GraphBatch): void {
  const arn = `arn:aws:iam::${ctx.account}:root`;
  out.nodes.push({
    label: 'Identity',
    key: awsKey(ctx.account, 'user', arn),
    props: {
      ...baseProps(ctx.account, 'user', arn, row.user),
      catalogId: arn,
      createdAt: row.createdAt,
      isRoot: true,
      isNhi: false,
      mayBeNhi: false,
      providerManaged: false,
      hasPassword: row.passwordEnabled,
      passwordLastUsedAt: row.passwordLastUsed,
      mfaActive: row.mfaActive,
      mfaMissing: row.mfaActive !== true,
      // The root user exists as long as the account does.
      active: true,
      hasActiveKeys: row.keys.some((s) => s.active === true),
      lastUsedAt: latest(row.passwordLastUsed, ...row.keys.map((s) => s.lastUsedAt), ctx.trailLastUsed(arn)),
      usageReported: true,
      privileged: true,
      privilegeReasons: ['root user'],
      tags: [],
      linkValues: [],
      linkMethods: [],
      ownerValues: [],
      ownerMethods: [],
      hasOwnerTag: false,
      declaredRegions: [],
      declaredCidrs: [],
      groups: [],
      attachedPolicies: [],
    },
  });
}
