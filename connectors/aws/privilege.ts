// "Privileged" for AWS, per docs/rules.md: AdministratorAccess or IAMFullAccess
// attached, or an Allow of `*` / `iam:*` (or any NotAction) on Resource `*`,
// whether attached, inline or through a group. Deny statements and permission
// boundaries are deliberately not subtracted: the rule flags what a principal
// has been granted, since a later edit of a Deny silently restores it.
import type { ManagedPolicyDetail, PolicyVersion } from './model.js';
import type { PolicyDocument, Statement } from './policy-document.js';

export interface Privilege {
  privileged: boolean;
  /** Why, for the evidence: one line per grant, e.g. `inline policy ops allows iam:* on *`. */
  reasons: string[];
}

export interface DecodedInline {
  name: string;
  doc: PolicyDocument;
}

/** AWS-managed policies that make a principal privileged by name alone (any partition). */
const PRIVILEGED_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?(AdministratorAccess|IAMFullAccess)$/;

/** The default version of a managed policy from `Policies`, or null when none is listed. */
export function defaultVersion(policy: ManagedPolicyDetail): { version: PolicyVersion; index: number } | null {
  const versions = Array.isArray(policy.PolicyVersionList) ? policy.PolicyVersionList : [];
  let index = versions.findIndex((v) => v?.IsDefaultVersion === true);
  if (index < 0 && policy.DefaultVersionId) index = versions.findIndex((v) => v?.VersionId === policy.DefaultVersionId);
  // A hand-made snapshot may list a single version without flags: it is the only one there is.
  if (index < 0 && versions.length === 1) index = 0;
  return index < 0 ? null : { version: versions[index]!, index };
}

/** What one statement grants broadly, or null: `*`, `iam:*`, or `NotAction [...]`. */
export function broadGrant(s: Statement): string | null {
  if (s.effect.toLowerCase() !== 'allow') return null;
  // NotResource is "every resource but these": as broad as `*` for this purpose.
  const allResources = (s.resource?.includes('*') ?? false) || s.notResource !== null;
  if (!allResources) return null;
  const on = s.notResource ? `on all but ${s.notResource.join(' ')}` : 'on *';
  if (s.notAction) return `NotAction ${s.notAction.join(' ')} ${on}`;
  const hit = s.action?.find((a) => a === '*' || a.toLowerCase() === 'iam:*');
  return hit ? `${hit} ${on}` : null;
}

function documentGrants(doc: PolicyDocument): string[] {
  const out: string[] = [];
  for (const s of doc.statements) {
    const g = broadGrant(s);
    if (g && !out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * One principal's own policies (user, group or role).
 * `managedDoc` returns the default version of a managed policy, null when the
 * snapshot does not carry it (AWS-managed policies are often left out).
 */
export function assessPolicies(
  attachedArns: string[],
  inline: DecodedInline[],
  managedDoc: (arn: string) => PolicyDocument | null,
): Privilege {
  const reasons: string[] = [];
  const add = (r: string) => {
    if (!reasons.includes(r)) reasons.push(r);
  };
  for (const arn of attachedArns) {
    if (PRIVILEGED_MANAGED.test(arn)) add(`managed policy ${arn} attached`);
    const doc = managedDoc(arn);
    if (doc) for (const g of documentGrants(doc)) add(`policy ${arn} allows ${g}`);
  }
  for (const p of inline) for (const g of documentGrants(p.doc)) add(`inline policy ${p.name} allows ${g}`);
  return { privileged: reasons.length > 0, reasons };
}

/** A user's own grants plus those of the groups it belongs to. */
export function withGroups(own: Privilege, groups: { name: string; privilege: Privilege }[]): Privilege {
  const reasons = [...own.reasons];
  for (const g of groups) for (const r of g.privilege.reasons) reasons.push(`via group ${g.name}: ${r}`);
  return { privileged: reasons.length > 0, reasons };
}
