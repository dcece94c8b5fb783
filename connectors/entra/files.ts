// The files of `entra/<tenant-id>/` (docs/sources/entra.md), named once so the
// reader and the live collector read and write the same paths.
export const FILES = {
  users: 'users.json',
  groups: 'groups.json',
  groupMembersDir: 'group-members',
  roleAssignments: 'role-assignments.json',
  applications: 'applications.json',
  applicationOwnersDir: 'application-owners',
  servicePrincipals: 'service-principals.json',
  servicePrincipalOwnersDir: 'service-principal-owners',
  servicePrincipalSignIns: 'service-principal-sign-in-activities.json',
  signIns: 'sign-ins.json',
  devices: 'devices.json',
  mfaRegistration: 'mfa-registration.json',
} as const;

/** `entra/<tenant>/<name>`: how errors and warnings name a file. */
export const tenantFile = (tenant: string, name: string) => `entra/${tenant}/${name}`;

/** Microsoft's own tenant: service principals it owns are first-party apps, managed by Microsoft. */
export const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
