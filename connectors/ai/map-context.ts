// What both providers' mappers share: keys, the properties every record
// carries, and how an account links to a person.
import { nodeKey, type Props } from '../../src/graph/records.js';

export const SOURCE = 'ai';

export const aiKey = (container: string, type: string, id: string) => nodeKey(SOURCE, container, type, id);

export function baseProps(container: string, type: string, id: string, name: string | null): Props {
  return { source: SOURCE, container, type, nativeId: id, name };
}

/** An org member: an account (never an NHI), linked to a person by its email. */
export function memberProps(
  container: string,
  type: string,
  u: { id: string; email: string | null; name: string | null; role: string | null; addedAt: string | null },
  linkMethod: string,
  loginScheme: string,
  privilegeReasons: string[],
  lastUsedAt: string | null,
): Props {
  return {
    ...baseProps(container, type, u.id, u.email ?? u.name ?? u.id),
    displayName: u.name,
    email: u.email,
    role: u.role,
    roles: u.role ? [u.role] : [],
    isNhi: false,
    mayBeNhi: false,
    isRoot: false,
    providerManaged: false,
    // Listed as a member of the org: it can sign in and act now.
    active: true,
    createdAt: u.addedAt,
    // The latest use of its keys: shown in evidence. The providers report no
    // sign-ins, so the account's own use is unknown (no dormant-account).
    lastUsedAt,
    usageReported: false,
    privileged: privilegeReasons.length > 0,
    privilegeReasons,
    login: u.id,
    loginScheme,
    linkValues: u.email ? [`email:${u.email}`] : [],
    linkMethods: u.email ? [linkMethod] : [],
    ownerValues: [],
    ownerMethods: [],
    hasOwnerTag: false,
    declaredRegions: [],
    declaredCidrs: [],
  };
}

/** Active now: not ended by `expiresAt` at `now`. */
export const notExpired = (expiresAt: string | null, now: string) => expiresAt === null || expiresAt > now;

export const latestOf = (values: (string | null)[]): string | null =>
  values.reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
