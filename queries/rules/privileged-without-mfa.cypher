// id: privileged-without-mfa
// title: {privilegeLabel} {name} has no MFA
// severity: high
// frameworks: NIST CSF 2.0 PR.AA-03; OWASP NHI4:2025
// remediation: enforce-mfa
// description: A privileged AWS IAM user with a console password and no MFA; the AWS root user without MFA; a GitHub org or repository admin listed with two-factor authentication disabled.
MATCH (u:Identity)
WHERE u.removedAt IS NULL
  AND ( (u.source = 'aws' AND u.isRoot = true AND coalesce(u.mfaActive, false) = false)
     OR (u.source = 'aws' AND u.type = 'user' AND coalesce(u.isRoot, false) = false AND u.hasPassword = true
         AND u.privileged = true AND coalesce(u.mfaActive, false) = false)
     OR (u.source = 'github' AND u.privileged = true AND u.twoFactorDisabled = true) )
RETURN u.key AS subjectKey,
       {root: coalesce(u.isRoot, false), consolePassword: u.hasPassword, mfaActive: coalesce(u.mfaActive, false),
        privilegeReasons: coalesce(u.privilegeReasons, [])} AS evidence
