// IAM write actions (and the reads revocation re-checks with) over an estate
// account, in the query protocol's result shapes. Errors follow IAM:
// NoSuchEntity (404) when the user, key, group, role or policy is gone.
import { ApiFault, type Params } from './iam-api.js';
import type { EstateAccount } from './iam-estate.js';
import { policyText, type XmlValue } from './aws-xml.js';

type Result = Record<string, XmlValue>;

const noSuch = (what: string) => new ApiFault(404, 'NoSuchEntity', `The ${what} cannot be found.`);

function user(acct: EstateAccount, p: Params) {
  const name = p.get('UserName');
  const u = acct.users.find((x) => x.name === name);
  if (!u) throw noSuch(`user with name ${name}`);
  return u;
}

function role(acct: EstateAccount, p: Params) {
  const name = p.get('RoleName');
  const r = acct.roles.find((x) => x.name === name);
  if (!r) throw noSuch(`role with name ${name}`);
  return r;
}

/** One write action; `writes` gets a line for each change made, for tests to compare with the plan. */
export function writeAction(acct: EstateAccount, action: string, p: Params, writes: string[]): Result | null {
  const log = (line: string) => writes.push(`${acct.id} ${action} ${line}`);
  switch (action) {
    case 'UpdateAccessKey': {
      const u = user(acct, p);
      const k = u.keys.find((x) => x.id === p.get('AccessKeyId'));
      if (!k) throw noSuch(`Access Key with id ${p.get('AccessKeyId')}`);
      const status = p.get('Status');
      if (status !== 'Active' && status !== 'Inactive') throw new ApiFault(400, 'ValidationError', 'Status must be Active or Inactive');
      k.status = status;
      log(`${u.name} ${k.id} ${status}`);
      return {};
    }
    case 'GetLoginProfile': {
      const u = user(acct, p);
      if (!u.password) throw noSuch(`Login Profile for User ${u.name}`);
      return { LoginProfile: { UserName: u.name, CreateDate: u.password.lastChanged, PasswordResetRequired: false } };
    }
    case 'DeleteLoginProfile': {
      const u = user(acct, p);
      if (!u.password) throw noSuch(`Login Profile for User ${u.name}`);
      delete u.password;
      log(u.name);
      return {};
    }
    case 'ListGroupsForUser': {
      const u = user(acct, p);
      return { Groups: u.groups.map((g) => ({ GroupName: g, GroupId: acct.groups.find((x) => x.name === g)?.id ?? g, Arn: `arn:aws:iam::${acct.id}:group/${g}`, Path: '/', CreateDate: '2024-01-01T00:00:00Z' })), IsTruncated: false };
    }
    case 'RemoveUserFromGroup':
    case 'AddUserToGroup': {
      const u = user(acct, p);
      const g = p.get('GroupName')!;
      if (!acct.groups.some((x) => x.name === g)) throw noSuch(`group with name ${g}`);
      if (action === 'RemoveUserFromGroup') {
        if (!u.groups.includes(g)) throw noSuch(`user ${u.name} in group ${g}`);
        u.groups = u.groups.filter((x) => x !== g);
      } else if (!u.groups.includes(g)) u.groups.push(g);
      log(`${u.name} ${g}`);
      return {};
    }
    case 'GetRole': {
      const r = role(acct, p);
      return { Role: { Path: r.path, RoleName: r.name, RoleId: r.id, Arn: `arn:aws:iam::${acct.id}:role${r.path}${r.name}`, CreateDate: r.created, AssumeRolePolicyDocument: policyText(r.trustPolicy) } };
    }
    case 'ListRolePolicies': {
      const r = role(acct, p);
      return { PolicyNames: r.inlinePolicies.map((x) => x.name), IsTruncated: false };
    }
    case 'PutRolePolicy': {
      const r = role(acct, p);
      const name = p.get('PolicyName')!;
      const document = JSON.parse(p.get('PolicyDocument') ?? 'null') as object;
      if (!document) throw new ApiFault(400, 'MalformedPolicyDocument', 'The policy document is not JSON');
      r.inlinePolicies = [...r.inlinePolicies.filter((x) => x.name !== name), { name, document }];
      log(`${r.name} ${name}`);
      return {};
    }
    case 'DeleteRolePolicy': {
      const r = role(acct, p);
      const name = p.get('PolicyName')!;
      if (!r.inlinePolicies.some((x) => x.name === name)) throw noSuch(`role policy with name ${name}`);
      r.inlinePolicies = r.inlinePolicies.filter((x) => x.name !== name);
      log(`${r.name} ${name}`);
      return {};
    }
    default:
      return null;
  }
}
