// An in-memory AWS estate for the local IAM/STS/Organizations server: what the
// accounts hold, in plain objects a test can build by hand or generate at any
// size (the benchmark uses thousands of users, roles and keys).
import { seededRandom } from '../helpers/seeded-random.js';

// A type alias, not an interface, so it fits the XML renderer's index signature.
export type Tag = { Key: string; Value: string };

export interface InlinePolicy {
  name: string;
  document: object;
}

export interface EstateKey {
  id: string;
  status: 'Active' | 'Inactive';
  created: string;
  lastUsed?: { date: string; service: string; region: string };
  /**
   * The key replaced another after the credential report was generated: the
   * report still shows the old key's creation date in this key's slot.
   */
  reportedCreated?: string;
}

export interface EstateUser {
  name: string;
  id: string;
  path: string;
  created: string;
  tags: Tag[];
  groups: string[];
  inlinePolicies: InlinePolicy[];
  attachedPolicies: string[];
  password?: { lastUsed?: string; lastChanged: string };
  mfa: boolean;
  keys: EstateKey[];
  /** Created after the credential report was generated: absent from it. */
  afterReport?: boolean;
}

export interface EstateRole {
  name: string;
  id: string;
  path: string;
  created: string;
  trustPolicy: object;
  lastUsed?: { date: string; region: string };
  tags: Tag[];
  inlinePolicies: InlinePolicy[];
  attachedPolicies: string[];
  /** AssumeRole into this role must carry this ExternalId. */
  externalId?: string;
}

export interface EstateGroup {
  name: string;
  id: string;
  path: string;
  created: string;
  inlinePolicies: InlinePolicy[];
  attachedPolicies: string[];
}

export interface EstatePolicy {
  name: string;
  id: string;
  /** Customer managed policies live in the account; AWS managed ones have arn:aws:iam::aws:policy/... */
  arn: string;
  path: string;
  created: string;
  updated: string;
  document: object;
}

export interface EstateAccount {
  id: string;
  name: string;
  created: string;
  status: 'ACTIVE' | 'SUSPENDED';
  users: EstateUser[];
  roles: EstateRole[];
  groups: EstateGroup[];
  policies: EstatePolicy[];
}

export interface Estate {
  /** The organization's management account (where the static test credentials live). */
  managementAccountId: string;
  accounts: EstateAccount[];
}

export const userArn = (account: string, u: { path: string; name: string }) => `arn:aws:iam::${account}:user${u.path}${u.name}`;
export const roleArn = (account: string, r: { path: string; name: string }) => `arn:aws:iam::${account}:role${r.path}${r.name}`;
export const groupArn = (account: string, g: { path: string; name: string }) => `arn:aws:iam::${account}:group${g.path}${g.name}`;

export function emptyAccount(id: string, name = `account-${id}`): EstateAccount {
  return { id, name, created: '2020-01-01T00:00:00Z', status: 'ACTIVE', users: [], roles: [], groups: [], policies: [] };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function idOf(prefix: string, n: number): string {
  let s = '';
  for (let i = 0, x = n; i < 16; i++, x = Math.floor(x / 32)) s = ALNUM[x % 32] + s;
  return prefix + s;
}

const BASE = Date.parse('2024-01-01T00:00:00Z');
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface EstateSize {
  users: number;
  roles: number;
  keys: number;
  groups?: number;
  policies?: number;
  seed?: number;
}

/**
 * A synthetic account: users spread over groups, some with passwords and MFA,
 * `keys` access keys (at most two per user, some inactive, some never used,
 * a few rotated after the credential report), roles with trust policies and
 * last use, and customer managed policies attached around.
 */
export function generateAccount(id: string, size: EstateSize): EstateAccount {
  const r = seededRandom(size.seed ?? Number(id.slice(-6)));
  const day = () => Math.floor(r() * 700) * 86_400_000 + Math.floor(r() * 86_400) * 1000;
  const acct = emptyAccount(id);
  const nPolicies = size.policies ?? Math.max(1, Math.ceil(size.users / 50));
  const nGroups = size.groups ?? Math.max(1, Math.ceil(size.users / 100));
  for (let i = 0; i < nPolicies; i++) {
    const created = iso(BASE + day());
    acct.policies.push({
      name: `policy-${i}`,
      id: idOf('ANPA', i + 1),
      arn: `arn:aws:iam::${id}:policy/policy-${i}`,
      path: '/',
      created,
      updated: created,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [`s3:GetObject`], Resource: `arn:aws:s3:::bucket-${i}/*` }] },
    });
  }
  const somePolicy = () => acct.policies[Math.floor(r() * nPolicies)]!.arn;
  for (let i = 0; i < nGroups; i++) {
    acct.groups.push({ name: `group-${i}`, id: idOf('AGPA', i + 1), path: '/', created: iso(BASE + day()), inlinePolicies: [], attachedPolicies: [somePolicy()] });
  }
  // Spread the keys: the first `twoKeyUsers` users get two, the next ones one,
  // the rest none (console-only people), as in a real account.
  const twoKeyUsers = Math.max(0, Math.min(size.users, Math.floor(size.keys / 2), Math.max(size.keys - size.users, Math.floor(size.keys / 3))));
  const oneKeyUsers = Math.min(size.users - twoKeyUsers, size.keys - 2 * twoKeyUsers);
  let keyNo = 0;
  for (let i = 0; i < size.users; i++) {
    const created = BASE + day();
    const name = `user-${String(i).padStart(5, '0')}`;
    const nKeys = i < twoKeyUsers ? 2 : i < twoKeyUsers + oneKeyUsers ? 1 : 0;
    const keys: EstateKey[] = [];
    for (let k = 0; k < nKeys; k++) {
      const keyCreated = created + Math.floor(r() * 200) * 86_400_000 + k * 3600_000;
      const used = r() < 0.8;
      const key: EstateKey = {
        id: idOf('AKIA', ++keyNo),
        status: r() < 0.85 ? 'Active' : 'Inactive',
        created: iso(keyCreated),
        ...(used ? { lastUsed: { date: iso(keyCreated + Math.floor(r() * 300) * 86_400_000), service: 's3', region: 'us-east-1' } } : {}),
      };
      // About one key in a hundred was rotated after the report: only those need GetAccessKeyLastUsed.
      if (r() < 0.01) key.reportedCreated = iso(keyCreated - 30 * 86_400_000);
      keys.push(key);
    }
    const hasPassword = r() < 0.6;
    acct.users.push({
      name,
      id: idOf('AIDA', i + 1),
      path: '/',
      created: iso(created),
      tags: [{ Key: 'email', Value: `${name}@example.com` }],
      groups: [acct.groups[i % nGroups]!.name],
      inlinePolicies: r() < 0.1 ? [{ name: 'inline', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] } }] : [],
      attachedPolicies: r() < 0.3 ? [somePolicy()] : [],
      ...(hasPassword ? { password: { lastChanged: iso(created), ...(r() < 0.9 ? { lastUsed: iso(created + day()) } : {}) } } : {}),
      mfa: hasPassword && r() < 0.7,
      keys,
    });
  }
  for (let i = 0; i < size.roles; i++) {
    const created = BASE + day();
    acct.roles.push({
      name: `role-${String(i).padStart(5, '0')}`,
      id: idOf('AROA', i + 1),
      path: i % 10 === 0 ? '/service-role/' : '/',
      created: iso(created),
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      ...(r() < 0.7 ? { lastUsed: { date: iso(created + day()), region: 'eu-west-1' } } : {}),
      tags: r() < 0.5 ? [{ Key: 'team', Value: `team-${i % 7}` }] : [],
      inlinePolicies: [],
      attachedPolicies: [somePolicy()],
    });
  }
  return acct;
}
