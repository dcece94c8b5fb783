// IAM actions over an estate account, returning query-protocol result bodies
// (see aws-xml.ts). Pagination follows IAM: MaxItems (default 100, at most
// 1000), an opaque Marker, IsTruncated.
import { credentialReportCsv } from './iam-report.js';
import { groupArn, roleArn, userArn, type EstateAccount, type EstatePolicy, type InlinePolicy } from './iam-estate.js';
import { policyText, type XmlValue } from './aws-xml.js';

export class ApiFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Params = URLSearchParams;
type Result = Record<string, XmlValue>;

const inline = (ps: InlinePolicy[]) => ps.map((p) => ({ PolicyName: p.name, PolicyDocument: policyText(p.document) }));

function attached(arns: string[], policies: Map<string, EstatePolicy>) {
  return arns.map((arn) => ({ PolicyName: policies.get(arn)?.name ?? arn.split('/').pop()!, PolicyArn: arn }));
}

/** `cap`: IAM may return fewer items than MaxItems; tests force small pages with it. */
function pageOf<T>(items: T[], params: Params, cap = 1000): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const max = Math.min(Number(params.get('MaxItems') ?? 100), 1000, cap);
  if (!Number.isInteger(max) || max < 1) throw new ApiFault(400, 'ValidationError', 'MaxItems must be between 1 and 1000');
  const marker = params.get('Marker');
  const start = marker ? Number(Buffer.from(marker, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ApiFault(400, 'InvalidInput', 'Invalid Marker');
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { page, IsTruncated: more, ...(more ? { Marker: Buffer.from(String(start + max)).toString('base64url') } : {}) };
}

type DetailItem = { list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'; value: XmlValue };

function details(acct: EstateAccount, filter: Set<string>): DetailItem[] {
  const policies = new Map(acct.policies.map((p) => [p.arn, p]));
  const attachments = new Map<string, number>();
  for (const e of [...acct.users, ...acct.groups, ...acct.roles]) for (const a of e.attachedPolicies) attachments.set(a, (attachments.get(a) ?? 0) + 1);
  const want = (t: string) => filter.size === 0 || filter.has(t);
  const items: DetailItem[] = [];
  if (want('User'))
    for (const u of acct.users)
      items.push({
        list: 'UserDetailList',
        value: {
          Path: u.path,
          UserName: u.name,
          UserId: u.id,
          Arn: userArn(acct.id, u),
          CreateDate: u.created,
          UserPolicyList: inline(u.inlinePolicies),
          GroupList: u.groups,
          AttachedManagedPolicies: attached(u.attachedPolicies, policies),
          Tags: u.tags.length ? u.tags : undefined,
        },
      });
  if (want('Group'))
    for (const g of acct.groups)
      items.push({
        list: 'GroupDetailList',
        value: {
          Path: g.path,
          GroupName: g.name,
          GroupId: g.id,
          Arn: groupArn(acct.id, g),
          CreateDate: g.created,
          GroupPolicyList: inline(g.inlinePolicies),
          AttachedManagedPolicies: attached(g.attachedPolicies, policies),
        },
      });
  if (want('Role'))
    for (const r of acct.roles)
      items.push({
        list: 'RoleDetailList',
        value: {
          Path: r.path,
          RoleName: r.name,
          RoleId: r.id,
          Arn: roleArn(acct.id, r),
          CreateDate: r.created,
          AssumeRolePolicyDocument: policyText(r.trustPolicy),
          InstanceProfileList: [],
          RolePolicyList: inline(r.inlinePolicies),
          AttachedManagedPolicies: attached(r.attachedPolicies, policies),
          Tags: r.tags.length ? r.tags : undefined,
          RoleLastUsed: r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {},
        },
      });
  if (want('LocalManagedPolicy'))
    for (const p of acct.policies)
      items.push({
        list: 'Policies',
        value: {
          PolicyName: p.name,
          PolicyId: p.id,
          Arn: p.arn,
          Path: p.path,
          DefaultVersionId: 'v1',
          AttachmentCount: attachments.get(p.arn) ?? 0,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: p.created,
          UpdateDate: p.updated,
          PolicyVersionList: [{ Document: policyText(p.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: p.created }],
        },
      });
  return items;
}

export function getAccountAuthorizationDetails(acct: EstateAccount, params: Params, cap?: number): Result {
  const filter = new Set<string>();
  for (const [k, v] of params) if (/^Filter\.member\.\d+$/.test(k)) filter.add(v);
  const { page, IsTruncated, Marker } = pageOf(details(acct, filter), params, cap);
  const lists: Record<DetailItem['list'], XmlValue[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  for (const item of page) lists[item.list].push(item.value);
  return { ...lists, IsTruncated, Marker };
}

function userNamed(acct: EstateAccount, name: string | null) {
  const user = acct.users.find((u) => u.name === name);
  if (!user) throw new ApiFault(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

export function listAccessKeys(acct: EstateAccount, params: Params, cap?: number): Result {
  const user = userNamed(acct, params.get('UserName'));
  const { page, IsTruncated, Marker } = pageOf(user.keys, params, cap);
  return {
    UserName: user.name,
    AccessKeyMetadata: page.map((k) => ({ UserName: user.name, AccessKeyId: k.id, Status: k.status, CreateDate: k.created })),
    IsTruncated,
    Marker,
  };
}

export function getAccessKeyLastUsed(acct: EstateAccount, params: Params): Result {
  const id = params.get('AccessKeyId');
  for (const u of acct.users) {
    const k = u.keys.find((key) => key.id === id);
    if (!k) continue;
    const used = k.lastUsed;
    return { UserName: u.name, AccessKeyLastUsed: used ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region } : { ServiceName: 'N/A', Region: 'N/A' } };
  }
  throw new ApiFault(403, 'AccessDenied', `Access key ${id} does not belong to this account`);
}

/** Per-account report state: STARTED on the first request, then INPROGRESS `pollsBeforeComplete` times. */
export interface ReportState {
  started: boolean;
  pollsLeft: number;
  generatedAt?: string;
}

export function generateCredentialReport(state: ReportState, pollsBeforeComplete: number): Result {
  if (!state.started) {
    state.started = true;
    state.pollsLeft = pollsBeforeComplete;
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  }
  if (state.pollsLeft > 0) {
    state.pollsLeft--;
    return { State: 'INPROGRESS' };
  }
  state.generatedAt ??= new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { State: 'COMPLETE' };
}

export function getCredentialReport(acct: EstateAccount, state: ReportState): Result {
  if (!state.started) throw new ApiFault(410, 'ReportNotPresent', 'Credential report not present. Use GenerateCredentialReport to generate a report.');
  if (!state.generatedAt) throw new ApiFault(404, 'ReportInProgress', 'Credential report generation in progress.');
  return { Content: Buffer.from(credentialReportCsv(acct)).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: state.generatedAt };
}
