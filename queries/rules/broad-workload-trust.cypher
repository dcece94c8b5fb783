// id: broad-workload-trust
// title: {typeLabel} {name} trusts workload identities too broadly
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-05; OWASP NHI5:2025; OWASP NHI6:2025
// remediation: restrict-trust
// description: An AWS role that trusts an OIDC provider with no `sub` condition, or GitHub's provider with a `sub` pattern that can match more than one repository; a GCP workload identity provider for GitHub that does not require one exact repository.
MATCH (n:Entity)
WHERE n.removedAt IS NULL AND coalesce(n.providerManaged, false) = false
  AND size(coalesce(n.trustIssues, [])) > 0
RETURN n.key AS subjectKey, {issues: n.trustIssues} AS evidence
