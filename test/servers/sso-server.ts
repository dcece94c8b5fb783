// A local server on 127.0.0.1 speaking AWS's JSON 1.1 wire protocol for IAM
// Identity Center (`SWBExternalService.<Operation>`) and the Identity Store
// (`AWSIdentityStore.<Operation>`), over an in-memory estate. The real
// @aws-sdk/client-sso-admin and @aws-sdk/client-identitystore talk to it
// unchanged: pages with NextToken (capped small, to force paging),
// ThrottlingException and injected failures per operation (optionally for
// one instance only), and the write calls revocation makes. Every request is
// counted per operation.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.js';
import type { SsoEstateInstance } from './sso-estate.js';

export interface SsoFaults {
  /** Answer the first N requests of an operation with ThrottlingException. */
  throttle: Record<string, number>;
  /** Answer an operation with this error (every time), optionally only for one instance or identity store. */
  fail: Record<string, { status: number; code: string; scope?: string }>;
  /** Largest page served whatever MaxResults asks. */
  pageCap: number;
  /** DescribeAccountAssignmentDeletionStatus answers IN_PROGRESS this many times before SUCCEEDED. */
  deletionPolls: number;
}

export interface SsoServer {
  url: string;
  counts: Map<string, number>;
  faults: SsoFaults;
  /** Every change a write made: `DeleteAccountAssignment <account> <ps> USER <id>`. */
  writes: string[];
  close(): Promise<void>;
}

type Body = Record<string, unknown>;
class Fault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
const notFound = (what: string) => new Fault(400, 'ResourceNotFoundException', `${what} not found`);

function page<T>(items: T[], body: Body, cap: number): { items: T[]; next?: string } {
  const start = Number(body.NextToken ?? 0);
  const size = Math.min(Number(body.MaxResults ?? 100), cap);
  const slice = items.slice(start, start + size);
  return { items: slice, ...(start + size < items.length ? { next: String(start + size) } : {}) };
}

export async function startSsoServer(instances: SsoEstateInstance[], faults: Partial<SsoFaults> = {}): Promise<SsoServer> {
  const f: SsoFaults = { throttle: {}, fail: {}, pageCap: 5, deletionPolls: 1, ...faults };
  const counts = new Map<string, number>();
  const writes: string[] = [];
  const polls = new Map<string, number>();
  let requestNo = 0;
  // (instance, account, permission set) -> assignments, rebuilt after a write: a benchmark asks thousands of pairs.
  const pairIndex = new Map<SsoEstateInstance, Map<string, SsoEstateInstance['assignments']>>();
  const pairsOf = (i: SsoEstateInstance) => {
    let m = pairIndex.get(i);
    if (!m) {
      m = new Map();
      for (const a of i.assignments) {
        const k = `${a.accountId}|${a.permissionSetArn}`;
        m.set(k, [...(m.get(k) ?? []), a]);
      }
      pairIndex.set(i, m);
    }
    return m;
  };
  const accountsByPs = new Map<SsoEstateInstance, Map<string, string[]>>();
  const provisioned = (i: SsoEstateInstance, ps: unknown) => {
    let m = accountsByPs.get(i);
    if (!m) {
      const sets = new Map<string, Set<string>>();
      for (const a of i.assignments) sets.set(a.permissionSetArn, (sets.get(a.permissionSetArn) ?? new Set()).add(a.accountId));
      m = new Map([...sets].map(([k, v]) => [k, [...v].sort()]));
      accountsByPs.set(i, m);
    }
    return m.get(String(ps)) ?? [];
  };

  const byArn = (arn: unknown) => {
    const i = instances.find((x) => x.instanceArn === arn);
    if (!i) throw notFound('instance');
    return i;
  };
  const byStore = (id: unknown) => {
    const i = instances.find((x) => x.identityStoreId === id);
    if (!i) throw notFound('identity store');
    return i;
  };
  const psOf = (i: SsoEstateInstance, arn: unknown) => {
    const ps = i.permissionSets.find((p) => p.arn === arn);
    if (!ps) throw notFound('permission set');
    return ps;
  };
  const scopeOf = (b: Body) => String(b.InstanceArn ?? b.IdentityStoreId ?? '');

  function sso(op: string, b: Body): Body {
    switch (op) {
      case 'ListInstances': {
        const p = page(instances, b, f.pageCap);
        return { Instances: p.items.map((i) => ({ InstanceArn: i.instanceArn, IdentityStoreId: i.identityStoreId, OwnerAccountId: '111111111111', Status: 'ACTIVE' })), NextToken: p.next };
      }
      case 'ListPermissionSets': {
        const p = page(byArn(b.InstanceArn).permissionSets, b, f.pageCap);
        return { PermissionSets: p.items.map((x) => x.arn), NextToken: p.next };
      }
      case 'DescribePermissionSet': {
        const ps = psOf(byArn(b.InstanceArn), b.PermissionSetArn);
        return { PermissionSet: { Name: ps.name, PermissionSetArn: ps.arn, Description: `${ps.name} description`, SessionDuration: 'PT8H', CreatedDate: 1700000000.5, RelayState: 'https://console.aws.amazon.com/' } };
      }
      case 'ListManagedPoliciesInPermissionSet': {
        const p = page(psOf(byArn(b.InstanceArn), b.PermissionSetArn).managed, b, f.pageCap);
        return { AttachedManagedPolicies: p.items.map((arn) => ({ Arn: arn, Name: arn.split('/').pop() })), NextToken: p.next };
      }
      case 'ListCustomerManagedPolicyReferencesInPermissionSet': {
        const p = page(psOf(byArn(b.InstanceArn), b.PermissionSetArn).customer, b, f.pageCap);
        return { CustomerManagedPolicyReferences: p.items, NextToken: p.next };
      }
      case 'GetInlinePolicyForPermissionSet':
        return { InlinePolicy: psOf(byArn(b.InstanceArn), b.PermissionSetArn).inline };
      case 'GetPermissionsBoundaryForPermissionSet': {
        const ps = psOf(byArn(b.InstanceArn), b.PermissionSetArn);
        if (!ps.boundary) throw notFound('permissions boundary');
        return { PermissionsBoundary: ps.boundary };
      }
      case 'ListAccountsForProvisionedPermissionSet': {
        const i = byArn(b.InstanceArn);
        const p = page(provisioned(i, b.PermissionSetArn), b, f.pageCap);
        return { AccountIds: p.items, NextToken: p.next };
      }
      case 'ListAccountAssignments': {
        const i = byArn(b.InstanceArn);
        const p = page(pairsOf(i).get(`${b.AccountId}|${b.PermissionSetArn}`) ?? [], b, f.pageCap);
        return { AccountAssignments: p.items.map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })), NextToken: p.next };
      }
      case 'DeleteAccountAssignment':
      case 'CreateAccountAssignment': {
        const i = byArn(b.InstanceArn);
        psOf(i, b.PermissionSetArn);
        const match = (a: SsoEstateInstance['assignments'][number]) =>
          a.accountId === b.TargetId && a.permissionSetArn === b.PermissionSetArn && a.principalType === b.PrincipalType && a.principalId === b.PrincipalId;
        if (op === 'DeleteAccountAssignment') {
          if (!i.assignments.some(match)) throw notFound('account assignment');
          i.assignments = i.assignments.filter((a) => !match(a));
        } else if (!i.assignments.some(match)) {
          i.assignments.push({ accountId: String(b.TargetId), permissionSetArn: String(b.PermissionSetArn), principalType: b.PrincipalType as 'USER', principalId: String(b.PrincipalId) });
        }
        pairIndex.delete(i);
        accountsByPs.delete(i);
        writes.push(`${op} ${b.TargetId} ${b.PermissionSetArn} ${b.PrincipalType} ${b.PrincipalId}`);
        const RequestId = `req-${++requestNo}`;
        polls.set(RequestId, 0);
        const status = { Status: 'IN_PROGRESS', RequestId, TargetId: b.TargetId, TargetType: 'AWS_ACCOUNT', PermissionSetArn: b.PermissionSetArn, PrincipalType: b.PrincipalType, PrincipalId: b.PrincipalId, CreatedDate: 1700000000 };
        return op === 'DeleteAccountAssignment' ? { AccountAssignmentDeletionStatus: status } : { AccountAssignmentCreationStatus: status };
      }
      case 'DescribeAccountAssignmentDeletionStatus':
      case 'DescribeAccountAssignmentCreationStatus': {
        const id = String(b.AccountAssignmentDeletionRequestId ?? b.AccountAssignmentCreationRequestId);
        const n = polls.get(id);
        if (n === undefined) throw notFound('request');
        polls.set(id, n + 1);
        const status = { Status: n < f.deletionPolls ? 'IN_PROGRESS' : 'SUCCEEDED', RequestId: id };
        return op === 'DescribeAccountAssignmentDeletionStatus' ? { AccountAssignmentDeletionStatus: status } : { AccountAssignmentCreationStatus: status };
      }
    }
    throw new Fault(400, 'UnknownOperationException', op);
  }

  function store(op: string, b: Body): Body {
    const i = byStore(b.IdentityStoreId);
    const membership = (m: { MembershipId: string; UserId: string }, g: string) => ({ IdentityStoreId: i.identityStoreId, MembershipId: m.MembershipId, GroupId: g, MemberId: { UserId: m.UserId } });
    switch (op) {
      case 'ListUsers': {
        const p = page(i.users, b, f.pageCap);
        return { Users: p.items.map(({ extra, ...u }) => ({ IdentityStoreId: i.identityStoreId, ...u, ...extra })), NextToken: p.next };
      }
      case 'ListGroups': {
        const p = page(i.groups, b, f.pageCap);
        return { Groups: p.items.map((g) => ({ IdentityStoreId: i.identityStoreId, ...g })), NextToken: p.next };
      }
      case 'ListGroupMemberships': {
        const list = i.memberships.get(String(b.GroupId));
        if (!list) throw notFound('group');
        const p = page(list, b, f.pageCap);
        return { GroupMemberships: p.items.map((m) => membership(m, String(b.GroupId))), NextToken: p.next };
      }
      case 'GetUserId': {
        const v = ((b.AlternateIdentifier as Body)?.UniqueAttribute as Body)?.AttributeValue;
        const u = i.users.find((x) => x.UserName === v);
        if (!u) throw notFound('user');
        return { IdentityStoreId: i.identityStoreId, UserId: u.UserId };
      }
      case 'GetGroupId': {
        const v = ((b.AlternateIdentifier as Body)?.UniqueAttribute as Body)?.AttributeValue;
        const g = i.groups.find((x) => x.DisplayName === v);
        if (!g) throw notFound('group');
        return { IdentityStoreId: i.identityStoreId, GroupId: g.GroupId };
      }
      case 'GetGroupMembershipId': {
        const m = i.memberships.get(String(b.GroupId))?.find((x) => x.UserId === (b.MemberId as Body)?.UserId);
        if (!m) throw notFound('membership');
        return { IdentityStoreId: i.identityStoreId, MembershipId: m.MembershipId };
      }
      case 'DeleteGroupMembership': {
        for (const [g, list] of i.memberships) {
          const at = list.findIndex((m) => m.MembershipId === b.MembershipId);
          if (at >= 0) {
            list.splice(at, 1);
            writes.push(`DeleteGroupMembership ${g} ${b.MembershipId}`);
            return {};
          }
        }
        throw notFound('membership');
      }
      case 'CreateGroupMembership': {
        const list = i.memberships.get(String(b.GroupId));
        if (!list) throw notFound('group');
        const UserId = String((b.MemberId as Body)?.UserId);
        const MembershipId = `m-new-${++requestNo}`;
        list.push({ MembershipId, UserId });
        writes.push(`CreateGroupMembership ${b.GroupId} ${UserId}`);
        return { IdentityStoreId: i.identityStoreId, MembershipId };
      }
    }
    throw new Fault(400, 'UnknownOperationException', op);
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [service, op = ''] = target.split('.');
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `r-${counts.get(op)}` });
      res.end(JSON.stringify(payload));
    };
    try {
      const b = JSON.parse(body || '{}') as Body;
      if ((f.throttle[op] ?? 0) > 0) {
        f.throttle[op]!--;
        throw new Fault(400, 'ThrottlingException', 'Rate exceeded');
      }
      const fail = f.fail[op];
      if (fail && (!fail.scope || fail.scope === scopeOf(b))) throw new Fault(fail.status, fail.code, 'injected');
      if (service === 'SWBExternalService') send(200, sso(op, b));
      else if (service === 'AWSIdentityStore') send(200, store(op, b));
      else throw new Fault(400, 'UnknownOperationException', target);
    } catch (e) {
      if (e instanceof Fault) send(e.status, { __type: e.code, message: e.message });
      else send(500, { __type: 'InternalServerException', message: String(e) });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    faults: f,
    writes,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
