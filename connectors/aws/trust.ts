// Broad web-identity trust (rule broad-workload-trust): a role that any token
// of an OIDC provider can assume because nothing pins the token's subject, or
// that GitHub Actions can assume from more than one repository.
import type { PolicyDocument, Statement } from './policy-document.js';
import { iamPatternMatches, principalValues } from './policy-document.js';

const GITHUB_HOST = 'token.actions.githubusercontent.com';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

interface SubClause {
  like: boolean;
  key: string;
  values: string[];
}

/** Issue strings, e.g. `github-oidc-sub-matches-many-repos: repo:northwind/*`; [] when none. */
export function trustIssues(doc: PolicyDocument): string[] {
  const issues: string[] = [];
  const add = (i: string) => {
    if (!issues.includes(i)) issues.push(i);
  };
  for (const s of doc.statements) {
    if (s.effect.toLowerCase() !== 'allow' || !allowsWebIdentity(s)) continue;
    const providers = principalValues(s.principal, 'Federated');
    const subs = subClauses(s);
    for (const provider of providers) {
      if (subs.length === 0) {
        add(`oidc-trust-without-sub-condition: ${provider}`);
        continue;
      }
      if (!isGithub(provider)) continue;
      // A sub condition on another issuer's key cannot be met by GitHub's
      // tokens (a missing key fails the condition), so only GitHub's key counts.
      const gh = subs.filter((c) => c.key.toLowerCase() === `${GITHUB_HOST}:sub`);
      if (gh.length === 0) continue;
      // Condition clauses are ANDed: one clause pinning one repository is enough.
      if (!gh.some(pinsOneRepository)) add(`github-oidc-sub-matches-many-repos: ${gh.flatMap((c) => c.values).join(' ')}`);
    }
  }
  return issues;
}

function allowsWebIdentity(s: Statement): boolean {
  if (s.action) return s.action.some((a) => iamPatternMatches(a, WEB_IDENTITY));
  if (s.notAction) return !s.notAction.some((a) => iamPatternMatches(a, WEB_IDENTITY));
  return false;
}

function isGithub(provider: string): boolean {
  return provider === GITHUB_HOST || provider.endsWith(`:oidc-provider/${GITHUB_HOST}`);
}

/**
 * Clauses that restrict a `...:sub` key to some values. Negated operators
 * (StringNotEquals, StringNotLike) exclude subjects rather than pin them, so
 * they do not count as a restriction.
 */
function subClauses(s: Statement): SubClause[] {
  const out: SubClause[] = [];
  for (const [op, keys] of Object.entries(s.condition)) {
    const base = op.replace(/^For(AnyValue|AllValues):/i, '').replace(/IfExists$/i, '').toLowerCase();
    if (base !== 'stringequals' && base !== 'stringlike' && base !== 'stringequalsignorecase') continue;
    for (const [key, values] of Object.entries(keys)) {
      if (key.toLowerCase().endsWith(':sub')) out.push({ like: base === 'stringlike', key, values });
    }
  }
  return out;
}

/**
 * Whether every value names the same single repository. GitHub's subject is
 * `repo:<org>/<repo>:<context>`; the repository is what lies between `repo:`
 * and the next `:`. A wildcard there (only StringLike expands wildcards), a
 * subject without the `repo:` form, or two repositories listed all match more
 * than one repository.
 */
function pinsOneRepository(clause: SubClause): boolean {
  const repos = new Set<string>();
  for (const v of clause.values) {
    if (!v.toLowerCase().startsWith('repo:')) return false;
    const repo = v.slice('repo:'.length).split(':')[0]!;
    if (clause.like && /[*?]/.test(repo)) return false;
    repos.add(repo.toLowerCase());
  }
  return repos.size === 1;
}
