// Broad workload trust (rule broad-workload-trust) for federated identity
// credentials: one issued by GitHub Actions must pin exactly one repository.
// A plain credential's `subject` is matched exactly, so it pins one
// repository when it has GitHub's `repo:<owner>/<name>:...` form; a
// flexible credential's claims-matching expression may use wildcards, and
// matches many when a `repo:` pattern has one or two repositories are named.
import type { FederatedCredential } from './model.js';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

function repoOf(subject: string): string | null {
  if (!subject.toLowerCase().startsWith('repo:')) return null;
  return subject.slice('repo:'.length).split(':')[0]!.toLowerCase();
}

/** Issue strings, e.g. `github-federated-credential-matches-many-repos: deploy (repo:acme/*)`; [] when none. */
export function federatedTrustIssues(credentials: readonly FederatedCredential[]): string[] {
  const issues: string[] = [];
  for (const f of credentials) {
    if (f.issuer.replace(/\/+$/, '').toLowerCase() !== GITHUB_ISSUER) continue;
    const label = f.name ?? f.id;
    if (f.expression !== null) {
      const literals = [...f.expression.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
      const repos = new Set<string>();
      let wild = false;
      for (const l of literals) {
        const repo = repoOf(l);
        if (repo === null) continue;
        if (/[*?]/.test(repo)) wild = true;
        repos.add(repo);
      }
      if (wild || repos.size !== 1) issues.push(`github-federated-credential-matches-many-repos: ${label} (${f.expression})`);
      continue;
    }
    const repo = f.subject ? repoOf(f.subject) : null;
    if (repo === null || repo === '') issues.push(`github-federated-credential-not-pinned-to-a-repository: ${label} (${f.subject ?? 'no subject'})`);
  }
  return issues;
}
