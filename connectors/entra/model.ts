// One tenant's snapshot as the mapper sees it: only the fields the model
// uses. Secret material Graph may return (`secretText`, `hint`,
// `customKeyIdentifier`, a certificate's `key`) is never read into these.
import type { SignInGroup } from './sign-in-groups.js';

export interface EntraUser {
  id: string;
  userPrincipalName: string | null;
  displayName: string | null;
  mail: string | null;
  otherMails: string[];
  employeeId: string | null;
  accountEnabled: boolean | null;
  userType: string | null;
  createdAt: string | null;
  /** Latest of the `signInActivity` times; null when none. */
  lastSignInAt: string | null;
  /** The export carries `signInActivity` for this user (a P1 tenant, selected). */
  signInReported: boolean;
}

export interface EntraGroup {
  id: string;
  displayName: string | null;
  isAssignableToRole: boolean | null;
  securityEnabled: boolean | null;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string | null;
  roleName: string | null;
  templateId: string | null;
  /** `roleDefinition.isPrivileged` (Graph beta); null when the export lacks it. */
  isPrivileged: boolean | null;
}

export interface AppCredential {
  keyId: string;
  kind: 'client-secret' | 'certificate';
  displayName: string | null;
  startAt: string | null;
  endAt: string | null;
  /** Certificates: `Verify` or `Sign`; secrets: null. */
  usage: string | null;
}

export interface FederatedCredential {
  id: string;
  name: string | null;
  issuer: string;
  subject: string | null;
  /** `claimsMatchingExpression.value`, for flexible federated credentials. */
  expression: string | null;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string | null;
  createdAt: string | null;
  credentials: AppCredential[];
  /** Null when the export did not fetch them. */
  federated: FederatedCredential[] | null;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string | null;
  servicePrincipalType: string | null;
  accountEnabled: boolean | null;
  appOwnerOrganizationId: string | null;
  credentials: AppCredential[];
  tags: string[];
  notes: string | null;
}

/** A directory object listed as owner or member. */
export interface DirectoryRef {
  id: string;
  /** `user`, `group`, `servicePrincipal`, ... from `@odata.type`; null when absent. */
  kind: string | null;
}

export interface SignInEvent {
  userId: string | null;
  userPrincipalName: string | null;
  createdAt: string;
  ipAddress: string | null;
  country: string | null;
  city: string | null;
  deviceId: string | null;
  deviceName: string | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  appDisplayName: string | null;
}

export interface EntraDevice {
  deviceId: string;
  objectId: string | null;
  displayName: string | null;
  operatingSystem: string | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  lastSignInAt: string | null;
}

export interface SignInTally {
  events: number;
  /** Successful sign-ins (status.errorCode 0). */
  signIns: number;
  notSuccessful: number;
  /** Events that could not be read, skipped: a log is not an inventory (connectors/lib/events.ts). */
  unreadable: number;
}

export interface TenantSnapshot {
  tenant: string;
  users: EntraUser[];
  groups: EntraGroup[];
  groupMembers: Map<string, DirectoryRef[]>;
  roleAssignments: RoleAssignment[];
  applications: Application[];
  applicationOwners: Map<string, DirectoryRef[]>;
  servicePrincipals: ServicePrincipal[];
  servicePrincipalOwners: Map<string, DirectoryRef[]>;
  /** appId -> last sign-in; null when the report is not in the snapshot. */
  servicePrincipalLastSignIn: Map<string, string | null> | null;
  /** Successful sign-ins grouped per (email, country, device); null when the log is not in the snapshot. */
  signIns: SignInGroup[] | null;
  signInTally: SignInTally;
  devices: EntraDevice[] | null;
  /** user id -> a strong MFA method registered; null when the report is absent. */
  mfaRegistered: Map<string, boolean> | null;
  warnings: string[];
}
