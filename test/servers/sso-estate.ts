// An in-memory IAM Identity Center estate for the local sso-admin and
// identitystore server: instances, their identity store's users, groups and
// memberships, permission sets with their policies, and account assignments
// (a permission set is provisioned to an account while it has an assignment
// there, as AWS does). `generateSsoEstate` builds one of any size for the
// benchmark; tests build small ones by hand.

export interface SsoEstateUser {
  UserId: string;
  UserName: string;
  DisplayName?: string;
  Emails?: { Value: string; Type?: string; Primary?: boolean }[];
  ExternalIds?: { Issuer: string; Id: string }[];
  UserStatus?: 'ENABLED' | 'DISABLED';
  CreatedAt?: number;
  /** Fields the API could echo that must never reach the store (a test plants values here). */
  extra?: Record<string, unknown>;
}

export interface SsoEstatePermissionSet {
  arn: string;
  name: string;
  managed: string[];
  customer: { Name: string; Path?: string }[];
  inline: string;
  boundary?: { ManagedPolicyArn?: string; CustomerManagedPolicyReference?: { Name: string; Path?: string } };
}

export interface SsoEstateAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export interface SsoEstateInstance {
  instanceArn: string;
  identityStoreId: string;
  users: SsoEstateUser[];
  groups: { GroupId: string; DisplayName: string }[];
  /** groupId -> memberships. */
  memberships: Map<string, { MembershipId: string; UserId: string }[]>;
  permissionSets: SsoEstatePermissionSet[];
  assignments: SsoEstateAssignment[];
}

export const instanceId = (i: SsoEstateInstance) => i.instanceArn.split('/').pop()!;

export function emptyInstance(id: string, store: string): SsoEstateInstance {
  return { instanceArn: `arn:aws:sso:::instance/${id}`, identityStoreId: store, users: [], groups: [], memberships: new Map(), permissionSets: [], assignments: [] };
}

export const psArnFor = (instanceArn: string, n: number) => `arn:aws:sso:::permissionSet/${instanceArn.split('/').pop()}/ps-${n.toString(16).padStart(16, '0')}`;

/**
 * A generated instance: `users` users in `groups` groups (each user in two),
 * `permissionSets` permission sets, and `accounts` accounts. Every group is
 * assigned `groupAssignments` (account, permission set) pairs, and one user in
 * `directEvery` gets a direct assignment. Pairs are drawn so that about half of
 * all account × permission set pairs hold an assignment, so the benchmark
 * shows what pruning with ListAccountsForProvisionedPermissionSet saves.
 */
export function generateSsoEstate(o: { users: number; groups: number; accounts: number; permissionSets: number; assignments: number }): SsoEstateInstance {
  const inst = emptyInstance('ssoins-00000000bench000', 'd-0000bench0');
  const uid = (n: number) => `u0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const gid = (n: number) => `g0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  for (let i = 0; i < o.users; i++) {
    inst.users.push({ UserId: uid(i), UserName: `user${i}@bench.example`, DisplayName: `User ${i}`, Emails: [{ Value: `user${i}@bench.example`, Primary: true }], UserStatus: 'ENABLED', CreatedAt: 1700000000 });
  }
  for (let g = 0; g < o.groups; g++) {
    inst.groups.push({ GroupId: gid(g), DisplayName: `group-${g}` });
    inst.memberships.set(gid(g), []);
  }
  for (let i = 0; i < o.users; i++) {
    for (const g of new Set([i % o.groups, (i * 7 + 3) % o.groups])) inst.memberships.get(gid(g))!.push({ MembershipId: `m-${g}-${i}`, UserId: uid(i) });
  }
  const accounts = Array.from({ length: o.accounts }, (_, a) => String(100000000000 + a));
  for (let p = 0; p < o.permissionSets; p++) {
    inst.permissionSets.push({ arn: psArnFor(inst.instanceArn, p), name: `PermissionSet${p}`, managed: p % 10 === 0 ? ['arn:aws:iam::aws:policy/AdministratorAccess'] : ['arn:aws:iam::aws:policy/ReadOnlyAccess'], customer: [], inline: '' });
  }
  // Half the pairs are in use: permission set p is provisioned to the accounts a with (a + p) even.
  const pairs: [string, string][] = [];
  for (let p = 0; p < o.permissionSets; p++) for (let a = 0; a < o.accounts; a++) if ((a + p) % 2 === 0) pairs.push([accounts[a]!, inst.permissionSets[p]!.arn]);
  for (let k = 0; k < o.assignments; k++) {
    const [accountId, permissionSetArn] = pairs[k % pairs.length]!;
    const direct = k % 10 === 9;
    const principalId = direct ? uid((k * 13) % o.users) : gid((k * 31 + Math.floor(k / pairs.length)) % o.groups);
    inst.assignments.push({ accountId, permissionSetArn, principalType: direct ? 'USER' : 'GROUP', principalId });
  }
  // One principal holds one (account, permission set) once.
  const seen = new Set<string>();
  inst.assignments = inst.assignments.filter((a) => {
    const key = `${a.accountId}|${a.permissionSetArn}|${a.principalType}|${a.principalId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return inst;
}
