// One Identity Center instance as read from its snapshot folder: only the
// fields the model uses. Nothing here is ever a secret: the Identity Store
// holds no passwords or keys, and no field that could carry one is kept.

export interface SsoUser {
  id: string;
  userName: string | null;
  displayName: string | null;
  /** Email addresses, the primary one first, lower case. */
  emails: string[];
  externalIds: { issuer: string | null; id: string }[];
  /** `ENABLED` / `DISABLED` where the store reports it; null: not reported (enabled). */
  status: string | null;
  createdAt: string | null;
  identityStoreId: string | null;
}

export interface SsoGroup {
  id: string;
  displayName: string;
  identityStoreId: string | null;
}

export interface SsoMembership {
  membershipId: string | null;
  groupId: string;
  /** null when the member is not a user (nested groups are not a thing Identity Center resolves). */
  userId: string | null;
}

export interface PermissionSet {
  arn: string;
  name: string;
  /** ARNs of the AWS managed policies attached. */
  managedPolicies: string[];
  /** `path/name` of the customer managed policies referenced (their documents live in each account). */
  customerManagedPolicies: string[];
  /** The inline policy document as AWS returns it (a JSON string), or null. */
  inlinePolicy: string | null;
  /** The permissions boundary, as a managed policy ARN or `path/name`; null when none. */
  permissionsBoundary: string | null;
}

export interface AccountAssignment {
  accountId: string;
  permissionSetArn: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
}

export interface SignInUse {
  /** Latest successful sign-in or role-credential event per Identity Store user id. */
  lastByUser: Map<string, string>;
  events: number;
}

export interface InstanceSnapshot {
  instance: string;
  users: SsoUser[];
  groups: SsoGroup[];
  memberships: SsoMembership[];
  permissionSets: PermissionSet[];
  assignments: AccountAssignment[];
  /** null when the instance has no `cloudtrail/` folder: use is then not reported. */
  signIns: SignInUse | null;
  warnings: string[];
}
