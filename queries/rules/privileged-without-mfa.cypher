// id: privileged-without-mfa
// title: {privilegeLabel} {name} has no MFA
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-03; OWASP NHI4:2025
// remediation: enforce-mfa
// description: A privileged AWS IAM user with a console password and no MFA; the AWS root user without MFA; a GitHub org or repository admin listed with two-factor authentication disabled; an Entra ID directory-role holder with no MFA method registered. Connectors say so with the `mfaMissing` fact.
MATCH (u:Identity)
WHERE u.removedAt IS NULL
  AND u.privileged = true AND u.mfaMissing = true
RETURN u.key AS subjectKey,
       {root: coalesce(u.isRoot, false), consolePassword: u.hasPassword, mfaActive: coalesce(u.mfaActive, false),
        privilegeReasons: coalesce(u.privilegeReasons, [])} AS evidence
