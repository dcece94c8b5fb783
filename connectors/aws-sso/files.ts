// The files of `aws-sso/<instance-id>/` (docs/sources/aws-sso.md), named once
// so the reader and the live collector read and write the same paths.
export const SOURCE = 'aws-sso';

export const FILES = {
  users: 'users.json',
  groups: 'groups.json',
  groupMembershipsDir: 'group-memberships',
  permissionSets: 'permission-sets.json',
  accountAssignments: 'account-assignments.json',
  cloudtrailDir: 'cloudtrail',
} as const;

/** `aws-sso/<instance>/<name>`: how errors and warnings name a file. */
export const instanceFile = (instance: string, name: string) => `${SOURCE}/${instance}/${name}`;

/** An Identity Center instance id as AWS writes it (`ssoins-` and 16 characters). */
export const INSTANCE_ID = /^ssoins-[a-zA-Z0-9-.]{16}$/;

/** The instance ARN for an id, in the partition its permission sets name (default `aws`). */
export const instanceArn = (instance: string, partition = 'aws') => `arn:${partition}:sso:::instance/${instance}`;

/** `ssoins-…` from an instance ARN or an id. */
export const instanceIdOf = (arnOrId: string) => arnOrId.split('/').pop() ?? arnOrId;
