// What every part of the account mapping needs: the account, lookups built
// once (managed policy documents, groups and their privilege, the credential
// report by user, CloudTrail use by identity), and the warnings list.
import { identityProps, nodeKey, type Props } from '../../src/graph/records.js';
import type { TrailSummary } from './cloudtrail.js';
import type { CredentialReportRow } from './credential-report.js';
import { accountFile, type AccountSnapshot, type AttachedPolicy, type GroupDetail, type InlinePolicy } from './model.js';
import type { PolicyDocument } from './policy-document.js';
import { assessPolicies, defaultVersion, type Privilege } from './privilege.js';
import { decodeAt } from './shape.js';

export interface GroupInfo {
  detail: GroupDetail;
  privilege: Privilege;
}

export interface MapContext {
  account: string;
  snapshot: AccountSnapshot;
  /** Managed policy ARN -> its default version document (null: not in the snapshot). */
  managedDoc(arn: string): PolicyDocument | null;
  groupsByName: Map<string, GroupInfo>;
  /** Report row by user ARN and by user name. */
  reportRow(arn: string, userName: string): CredentialReportRow | undefined;
  /** Latest CloudTrail event made as this identity (user, root, role). */
  trailLastUsed(arn: string): string | null;
  decode(raw: unknown, path: string): PolicyDocument;
  warnings: string[];
}

/**
 * `arn:aws:iam::1:role/some/path/Name` -> `arn:aws:iam::1:role/Name`. User and
 * role names are unique per account whatever the path, so this matches a
 * CloudTrail ARN to its identity even when one side omits the path.
 */
export function pathlessArn(arn: string): string {
  const m = /^(arn:[^:]+:iam::\d*:(?:user|role))\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}` : arn;
}

export function awsKey(account: string, type: string, nativeId: string): string {
  return nodeKey('aws', account, type, nativeId);
}

/** The properties every AWS node carries. */
export function baseProps(account: string, type: string, nativeId: string, name: string): Props {
  return identityProps('aws', account, type, nativeId, name);
}

export function attachedArns(list: AttachedPolicy[] | undefined): string[] {
  return (list ?? []).map((p) => p.PolicyArn);
}

export function buildContext(snapshot: AccountSnapshot): MapContext {
  const account = snapshot.accountId;
  const file = accountFile(account, 'account-authorization-details.json');
  const decode = (raw: unknown, path: string) => decodeAt(raw, file, path);
  const auth = snapshot.authorization;

  const docs = new Map<string, PolicyDocument>();
  auth.Policies.forEach((p, i) => {
    const v = defaultVersion(p);
    if (v && v.version.Document !== undefined) {
      docs.set(p.Arn, decode(v.version.Document, `$.Policies[${i}].PolicyVersionList[${v.index}].Document`));
    }
  });
  const managedDoc = (arn: string) => docs.get(arn) ?? null;

  const groupsByName = new Map<string, GroupInfo>();
  auth.GroupDetailList.forEach((g, i) => {
    const inline = decodeInline(g.GroupPolicyList, `$.GroupDetailList[${i}].GroupPolicyList`, decode);
    groupsByName.set(g.GroupName, { detail: g, privilege: assessPolicies(attachedArns(g.AttachedManagedPolicies), inline, managedDoc) });
  });

  const rows = new Map<string, CredentialReportRow>();
  for (const row of snapshot.credentialReport ?? []) {
    if (row.arn) rows.set(`arn:${row.arn}`, row);
    rows.set(`name:${row.user}`, row);
  }

  const trailByIdentity = indexTrail(snapshot.trail);
  return {
    account,
    snapshot,
    managedDoc,
    groupsByName,
    reportRow: (arn, userName) => rows.get(`arn:${arn}`) ?? rows.get(`name:${userName}`),
    trailLastUsed: (arn) => trailByIdentity.get(pathlessArn(arn)) ?? null,
    decode,
    warnings: [...snapshot.warnings],
  };
}

export function decodeInline(
  list: InlinePolicy[] | undefined,
  path: string,
  decode: (raw: unknown, path: string) => PolicyDocument,
): { name: string; doc: PolicyDocument }[] {
  return (list ?? []).map((p, i) => ({ name: p.PolicyName, doc: decode(p.PolicyDocument, `${path}[${i}].PolicyDocument`) }));
}

function indexTrail(trail: TrailSummary): Map<string, string> {
  const out = new Map<string, string>();
  for (const [arn, at] of trail.identityLastUsed) {
    const k = pathlessArn(arn);
    const prev = out.get(k);
    if (!prev || at > prev) out.set(k, at);
  }
  return out;
}
