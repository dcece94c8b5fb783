// The AWS part of a test estate: one account's IAM data in the exact files
// docs/snapshot-format.md names (account-authorization-details.json,
// credential-report.csv, access-keys.json, cloudtrail/*.json).

export interface AwsKey {
  id: string;
  status?: 'Active' | 'Inactive';
  created: string;
  /** Last use; absent: never used. */
  lastUsed?: string;
  service?: string;
  region?: string;
  /** Where the last use is written: get-access-key-last-used (default) or the credential report slot. */
  lastUsedVia?: 'api' | 'report';
}

export interface AwsUser {
  name: string;
  path?: string;
  created?: string;
  /** Console password (default false). */
  password?: boolean;
  passwordLastUsed?: string;
  mfa?: boolean;
  tags?: Record<string, string>;
  /** Group names. */
  groups?: string[];
  /** Attached managed policy ARNs. */
  policies?: string[];
  /** Inline policy name -> document. */
  inline?: Record<string, object>;
  keys?: AwsKey[];
}

export interface AwsRole {
  name: string;
  path?: string;
  created?: string;
  trust?: object;
  tags?: Record<string, string>;
  lastUsed?: string;
  lastUsedRegion?: string;
  policies?: string[];
  inline?: Record<string, object>;
}

export interface AwsGroup {
  name: string;
  policies?: string[];
  inline?: Record<string, object>;
}

export interface TrailRecord {
  time: string;
  /** Who made the call: an IAM user name, a role name, or the root user. */
  as: { user: string } | { role: string } | { root: true };
  eventSource?: string;
  eventName?: string;
  region?: string;
  sourceIp?: string;
  accessKeyId?: string;
}

export interface AwsAccount {
  id: string;
  root?: { mfa: boolean; created?: string };
  users?: AwsUser[];
  roles?: AwsRole[];
  groups?: AwsGroup[];
  trail?: TrailRecord[];
  /** Write policy documents URL-encoded, as the raw API and the SDKs return them (default: JSON objects, as the CLI prints). */
  urlEncoded?: boolean;
}

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const DEFAULT_CREATED = '2024-01-01T00:00:00Z';

const tagList = (tags: Record<string, string> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
const attached = (arns: string[] | undefined) => (arns ?? []).map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.split('/').pop() }));
const inlineList = (docs: Record<string, object> | undefined, encode: boolean) =>
  Object.entries(docs ?? {}).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: policyDoc(doc, encode) }));
const policyDoc = (doc: object, encode: boolean) => (encode ? encodeURIComponent(JSON.stringify(doc)) : doc);

export function userArn(account: string, name: string, path = '/'): string {
  return `arn:aws:iam::${account}:user${path}${name}`;
}

export function roleArn(account: string, name: string, path = '/'): string {
  return `arn:aws:iam::${account}:role${path}${name}`;
}

export function authorizationDetails(a: AwsAccount): object {
  const enc = a.urlEncoded ?? false;
  return {
    UserDetailList: (a.users ?? []).map((u) => ({
      Path: u.path ?? '/',
      UserName: u.name,
      UserId: `AIDA${u.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
      Arn: userArn(a.id, u.name, u.path),
      CreateDate: u.created ?? DEFAULT_CREATED,
      UserPolicyList: inlineList(u.inline, enc),
      GroupList: u.groups ?? [],
      AttachedManagedPolicies: attached(u.policies),
      Tags: tagList(u.tags),
    })),
    GroupDetailList: (a.groups ?? []).map((g) => ({
      Path: '/',
      GroupName: g.name,
      GroupId: `AGPA${g.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
      Arn: `arn:aws:iam::${a.id}:group/${g.name}`,
      CreateDate: DEFAULT_CREATED,
      GroupPolicyList: inlineList(g.inline, enc),
      AttachedManagedPolicies: attached(g.policies),
    })),
    RoleDetailList: (a.roles ?? []).map((r) => ({
      Path: r.path ?? '/',
      RoleName: r.name,
      RoleId: `AROA${r.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
      Arn: roleArn(a.id, r.name, r.path),
      CreateDate: r.created ?? DEFAULT_CREATED,
      AssumeRolePolicyDocument: policyDoc(
        r.trust ?? {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        enc,
      ),
      InstanceProfileList: [],
      RolePolicyList: inlineList(r.inline, enc),
      AttachedManagedPolicies: attached(r.policies),
      Tags: tagList(r.tags),
      // What AWS returns for a role never used: an empty object.
      RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed, Region: r.lastUsedRegion ?? 'us-east-1' } : {},
    })),
    Policies: [],
  };
}

const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/** The report writes `+00:00` and no fractional seconds. */
const reportTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function keySlot(k: AwsKey | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = k.lastUsed && k.lastUsedVia === 'report';
  return [
    String((k.status ?? 'Active') === 'Active'),
    reportTime(k.created),
    used ? reportTime(k.lastUsed!) : 'N/A',
    used ? (k.region ?? 'us-east-1') : 'N/A',
    used ? (k.service ?? 's3') : 'N/A',
  ];
}

export function credentialReport(a: AwsAccount): string {
  const rows: string[][] = [REPORT_COLUMNS];
  rows.push([
    '<root_account>', `arn:aws:iam::${a.id}:root`, reportTime(a.root?.created ?? '2019-01-01T00:00:00Z'),
    'not_supported', 'no_information', 'not_supported', 'not_supported', String(a.root?.mfa ?? true),
    ...keySlot(undefined), ...keySlot(undefined), 'false', 'N/A', 'false', 'N/A',
  ]);
  for (const u of a.users ?? []) {
    const pw = u.password ?? false;
    rows.push([
      u.name, userArn(a.id, u.name, u.path), reportTime(u.created ?? DEFAULT_CREATED),
      String(pw),
      pw ? (u.passwordLastUsed ? reportTime(u.passwordLastUsed) : 'no_information') : 'N/A',
      pw ? reportTime(u.created ?? DEFAULT_CREATED) : 'N/A',
      'N/A',
      String(u.mfa ?? false),
      ...keySlot(u.keys?.[0]), ...keySlot(u.keys?.[1]),
      'false', 'N/A', 'false', 'N/A',
    ]);
  }
  // RFC 4180 quoting, as AWS writes it, so hostile names stay in their cell.
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export function accessKeys(a: AwsAccount): object[] {
  return (a.users ?? []).flatMap((u) =>
    (u.keys ?? []).map((k) => ({
      UserName: u.name,
      AccessKeyId: k.id,
      Status: k.status ?? 'Active',
      CreateDate: k.created,
      ...((k.lastUsedVia ?? 'api') === 'api'
        ? {
            AccessKeyLastUsed: k.lastUsed
              ? { LastUsedDate: k.lastUsed, ServiceName: k.service ?? 's3', Region: k.region ?? 'us-east-1' }
              : { ServiceName: 'N/A', Region: 'N/A' },
          }
        : {}),
    })),
  );
}

export function cloudTrail(a: AwsAccount): { Records: object[] } {
  return {
    Records: (a.trail ?? []).map((r) => {
      const who = r.as;
      const userIdentity =
        'user' in who
          ? { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: userArn(a.id, who.user), accountId: a.id, userName: who.user }
          : 'role' in who
            ? {
                type: 'AssumedRole',
                principalId: `AROAEXAMPLE:session`,
                arn: `arn:aws:sts::${a.id}:assumed-role/${who.role}/session`,
                accountId: a.id,
                sessionContext: {
                  sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: roleArn(a.id, who.role), accountId: a.id, userName: who.role },
                  attributes: { creationDate: r.time, mfaAuthenticated: 'false' },
                },
              }
            : { type: 'Root', principalId: a.id, arn: `arn:aws:iam::${a.id}:root`, accountId: a.id };
      return {
        eventVersion: '1.09',
        userIdentity: r.accessKeyId ? { ...userIdentity, accessKeyId: r.accessKeyId } : userIdentity,
        eventTime: r.time,
        eventSource: r.eventSource ?? 'ec2.amazonaws.com',
        eventName: r.eventName ?? 'DescribeInstances',
        awsRegion: r.region ?? 'us-east-1',
        sourceIPAddress: r.sourceIp ?? '198.51.100.7',
        userAgent: 'aws-cli/2.15.0',
        requestParameters: null,
        responseElements: null,
        eventType: 'AwsApiCall',
        recipientAccountId: a.id,
      };
    }),
  };
}

/** snapshot-relative path -> content for one account. */
export function awsFiles(a: AwsAccount): Record<string, string> {
  const dir = `aws/${a.id}`;
  const files: Record<string, string> = {
    [`${dir}/account-authorization-details.json`]: JSON.stringify(authorizationDetails(a), null, 2),
    [`${dir}/credential-report.csv`]: credentialReport(a),
    [`${dir}/access-keys.json`]: JSON.stringify(accessKeys(a), null, 2),
  };
  if (a.trail?.length) files[`${dir}/cloudtrail/${a.id}_CloudTrail_trail.json`] = JSON.stringify(cloudTrail(a));
  return files;
}
