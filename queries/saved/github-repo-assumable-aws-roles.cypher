// name: github-repo-assumable-aws-roles
// title: AWS roles a GitHub repository can assume through OIDC
// params: repo
// example: repo=northwind/payments-api
// description: AWS roles that trust GitHub's OIDC provider with a `sub` condition naming this repository (OWNER/NAME), a wildcard over its owner (`repo:OWNER/*`), or no `sub` condition at all. Reads the trust policy text; check the matched condition in the policy.
MATCH (r:Identity {type: 'role'})
WHERE r.removedAt IS NULL AND r.trustPolicy CONTAINS 'token.actions.githubusercontent.com'
WITH r, split($repo, '/')[0] AS owner
WHERE r.trustPolicy CONTAINS ('repo:' + $repo + ':')
   OR r.trustPolicy CONTAINS ('repo:' + $repo + '"')
   OR r.trustPolicy CONTAINS ('repo:' + owner + '/*')
   OR NOT r.trustPolicy CONTAINS 'token.actions.githubusercontent.com:sub'
RETURN r.container AS account, r.name AS role, r.nativeId AS arn, r.privileged AS privileged,
       r.trustIssues AS trustIssues
ORDER BY account, role
