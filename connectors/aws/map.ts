// One account's snapshot -> graph records (docs/graph-model.md). Pure: no
// I/O, no clock, no graph queries; what needs other sources (links to people,
// owners, isNhi for users) is derived after loading.
import { emptyBatch, type GraphBatch } from '../../src/graph/records.js';
import { buildContext } from './map-context.js';
import { mapActivity, type KnownIdentity } from './map-activity.js';
import { mapAccessKeys } from './map-keys.js';
import { mapRoles } from './map-roles.js';
import { mapSecrets } from './map-secrets.js';
import { mapGroups, mapRoot, mapUsers } from './map-users.js';
import type { AccountSnapshot } from './model.js';

export interface AccountMapping {
  graph: GraphBatch;
  warnings: string[];
}

/** Throws SourceError (file + JSON path) for a policy document that cannot be decoded. */
export function mapAccount(snapshot: AccountSnapshot): AccountMapping {
  const ctx = buildContext(snapshot);
  const out = emptyBatch();
  const auth = snapshot.authorization;

  const userArnByName = new Map(auth.UserDetailList.map((u) => [u.UserName, u.Arn]));
  mapGroups(ctx, out);
  const keysByUser = mapAccessKeys(ctx, userArnByName, out);
  mapUsers(ctx, keysByUser, out);
  const root = snapshot.credentialReport?.find((r) => r.isRoot);
  if (root) mapRoot(ctx, root, out);
  mapRoles(ctx, out);
  mapSecrets(snapshot.accountId, snapshot.secrets ?? [], out);

  const identities: KnownIdentity[] = [
    ...auth.UserDetailList.map((u) => ({ arn: u.Arn, type: 'user' as const, name: u.UserName })),
    ...auth.RoleDetailList.map((r) => ({ arn: r.Arn, type: 'role' as const, name: r.RoleName })),
    ...(root ? [{ arn: `arn:aws:iam::${snapshot.accountId}:root`, type: 'user' as const, name: root.user }] : []),
  ];
  mapActivity(ctx, identities, out);
  return { graph: out, warnings: ctx.warnings };
}
