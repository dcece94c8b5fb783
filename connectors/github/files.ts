// The files of `github/<org>/` (docs/snapshot-format.md), named once so the reader
// and the live collector write and read the same paths.
export const FILES = {
  members: 'members.json',
  admins: 'admins.json',
  twoFactorDisabled: 'members-2fa-disabled.json',
  outsideCollaborators: 'outside-collaborators.json',
  teams: 'teams.json',
  teamMembersDir: 'team-members',
  repos: 'repos.json',
  repoCollaboratorsDir: 'repo-collaborators',
  deployKeysDir: 'deploy-keys',
  installations: 'installations.json',
  tokens: 'personal-access-tokens.json',
  authorizations: 'credential-authorizations.json',
  secrets: 'actions-secrets.json',
  externalIdentities: 'external-identities.json',
  auditLog: 'audit-log.json',
} as const;
