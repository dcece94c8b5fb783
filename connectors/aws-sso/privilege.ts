// "Privileged" for a permission set: the AWS managed AdministratorAccess,
// PowerUserAccess or IAMFullAccess attached, an inline policy that allows
// `*`, `iam:*` or NotAction on every resource, or IAM write actions on any
// resource (whoever can write IAM can make themselves administrator), or the
// config lists it (`privilegedPermissionSets`, by name or ARN). Customer
// managed policies live in each account and are not read: list such a
// permission set in the config when it grants privilege.
import type { PermissionSet } from './model.js';

const PRIVILEGED_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;
const IAM_WRITE = /^iam:(?:\*.*|(?:create|put|attach|update|add|pass|delete|detach|remove|set|upload|change|reset)[a-z0-9*]*)$/i;

export class PolicyError extends Error {}

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** What an inline policy document grants broadly; throws PolicyError when it is not a policy document. */
export function inlineGrants(document: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(document);
  } catch {
    throw new PolicyError('the inline policy is not valid JSON');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new PolicyError('the inline policy is not a JSON object');
  const raw = (doc as Record<string, unknown>).Statement;
  const statements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  const add = (g: string) => {
    if (!out.includes(g)) out.push(g);
  };
  for (const s of statements) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw new PolicyError('a statement of the inline policy is not an object');
    const st = s as Record<string, unknown>;
    if (String(st.Effect ?? '').toLowerCase() !== 'allow') continue;
    const everywhere = asList(st.Resource).includes('*') || st.NotResource !== undefined;
    if (st.NotAction !== undefined && everywhere) add(`NotAction ${asList(st.NotAction).join(' ')} on every resource`);
    for (const a of asList(st.Action)) {
      if ((a === '*' || a.toLowerCase() === 'iam:*') && everywhere) add(`${a} on *`);
      else if (IAM_WRITE.test(a)) add(`IAM write ${a}`);
    }
  }
  return out;
}

/** Why a permission set is privileged ([] when it is not). */
export function permissionSetReasons(ps: PermissionSet, listed: readonly string[]): string[] {
  const reasons: string[] = [];
  if (listed.includes(ps.name) || listed.includes(ps.arn)) reasons.push('listed in privilegedPermissionSets');
  for (const arn of ps.managedPolicies) if (PRIVILEGED_MANAGED.test(arn)) reasons.push(`managed policy ${arn.split('/').pop()}`);
  if (ps.inlinePolicy) for (const g of inlineGrants(ps.inlinePolicy)) reasons.push(`inline policy allows ${g}`);
  return reasons;
}
