// The shapes of the AWS snapshot files, as AWS writes them. Only the fields
// driftgraph reads are named; everything else passes through untouched (the
// snapshot format keeps unknown fields). Timestamps stay provider strings here
// and are normalized with toInstant where they are mapped.
import type { CredentialReportRow } from './credential-report.js';
import type { TrailSummary } from './cloudtrail.js';
import type { SecretEntry } from './secrets.js';

export interface AwsTag {
  Key: string;
  Value: string;
}

export interface AttachedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}

/** An inline policy; the document is a JSON object or a URL-encoded JSON string. */
export interface InlinePolicy {
  PolicyName: string;
  PolicyDocument: unknown;
}

export interface UserDetail {
  UserName: string;
  Arn: string;
  UserId?: string;
  Path?: string;
  CreateDate?: string;
  /** Group *names*, not ARNs. */
  GroupList?: string[];
  AttachedManagedPolicies?: AttachedPolicy[];
  UserPolicyList?: InlinePolicy[];
  Tags?: AwsTag[];
  [field: string]: unknown;
}

export interface GroupDetail {
  GroupName: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  AttachedManagedPolicies?: AttachedPolicy[];
  GroupPolicyList?: InlinePolicy[];
  [field: string]: unknown;
}

export interface RoleDetail {
  RoleName: string;
  Arn: string;
  Path?: string;
  CreateDate?: string;
  AssumeRolePolicyDocument?: unknown;
  AttachedManagedPolicies?: AttachedPolicy[];
  RolePolicyList?: InlinePolicy[];
  Tags?: AwsTag[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
  [field: string]: unknown;
}

export interface PolicyVersion {
  Document?: unknown;
  VersionId?: string;
  IsDefaultVersion?: boolean;
}

export interface ManagedPolicyDetail {
  PolicyName?: string;
  Arn: string;
  DefaultVersionId?: string;
  PolicyVersionList?: PolicyVersion[];
  [field: string]: unknown;
}

/** `aws iam get-account-authorization-details`, all pages merged. */
export interface AuthorizationDetails {
  UserDetailList: UserDetail[];
  GroupDetailList: GroupDetail[];
  RoleDetailList: RoleDetail[];
  Policies: ManagedPolicyDetail[];
}

/** One `AccessKeyMetadata` entry of `aws iam list-access-keys`, optionally with its last use. */
export interface AccessKeyEntry {
  UserName: string;
  AccessKeyId: string;
  Status: string;
  CreateDate?: string;
  AccessKeyLastUsed?: { LastUsedDate?: string; ServiceName?: string; Region?: string };
  [field: string]: unknown;
}

/** Everything one `aws/<account-id>/` folder holds, read and parsed. */
export interface AccountSnapshot {
  accountId: string;
  authorization: AuthorizationDetails;
  /** null when `credential-report.csv` is absent. */
  credentialReport: CredentialReportRow[] | null;
  /** null when `access-keys.json` is absent. */
  accessKeys: AccessKeyEntry[] | null;
  /** Secrets Manager metadata; null when `secrets.json` is absent. */
  secrets?: SecretEntry[] | null;
  /** CloudTrail, already aggregated (log files can be far larger than memory wants). */
  trail: TrailSummary;
  /** Things the reader noticed that do not fail the source. */
  warnings: string[];
}

/** The snapshot-relative file name used in errors: `aws/<account>/<name>`. */
export function accountFile(accountId: string, name: string): string {
  return `aws/${accountId}/${name}`;
}
