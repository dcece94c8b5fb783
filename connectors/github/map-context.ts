// What every part of the org mapping shares: node keys, the properties every
// node carries, logins looked up case-insensitively (GitHub logins are), SAML
// link hints by login, and use signals from the audit log.
import { identityProps, nodeKey, type Props } from '../../src/graph/records.js';
import type { OrgSnapshot } from './model.js';

export interface OrgContext {
  org: string;
  snapshot: OrgSnapshot;
  /** lower-case login -> the login as the member list writes it, for every member and outside collaborator. */
  logins: Map<string, string>;
  /** lower-case login -> SAML link hints. */
  samlLinks: Map<string, { values: string[]; methods: string[] }>;
  /** lower-case actor -> latest audit log entry made by it. */
  lastAction: Map<string, string>;
  /** lower-case login -> when an `org.add_member` entry added it. */
  addedAt: Map<string, string>;
  /** The oldest audit log entry: members with no `org.add_member` entry were members before it. */
  auditFrom: string | null;
  warnings: string[];
}

export function githubKey(org: string, type: string, nativeId: string): string {
  return nodeKey('github', org, type, nativeId);
}

export function baseProps(org: string, type: string, nativeId: string, name: string): Props {
  return identityProps('github', org, type, nativeId, name);
}

export const userKey = (ctx: OrgContext, login: string) => githubKey(ctx.org, 'user', ctx.logins.get(login.toLowerCase()) ?? login);

export function buildContext(snapshot: OrgSnapshot): OrgContext {
  const logins = new Map<string, string>();
  for (const u of [...snapshot.members, ...(snapshot.outsideCollaborators ?? [])]) logins.set(u.login.toLowerCase(), u.login);

  const samlLinks = new Map<string, { values: string[]; methods: string[] }>();
  for (const id of snapshot.externalIdentities ?? []) {
    if (!id.login) continue;
    const hints = samlLinks.get(id.login.toLowerCase()) ?? { values: [], methods: [] };
    // nameId is usually the corporate email; an IdP may send an employee id instead.
    const values = [id.nameId, ...id.emails].filter((v): v is string => !!v && v.trim() !== '');
    for (const raw of values) {
      const v = raw.trim().toLowerCase();
      const value = v.includes('@') ? `email:${v}` : v;
      if (!hints.values.includes(value)) {
        hints.values.push(value);
        hints.methods.push('saml');
      }
    }
    samlLinks.set(id.login.toLowerCase(), hints);
  }

  const lastAction = new Map<string, string>();
  const addedAt = new Map<string, string>();
  let auditFrom: string | null = null;
  for (const e of snapshot.auditLog ?? []) {
    if (auditFrom === null || e.at < auditFrom) auditFrom = e.at;
    if (e.actor) {
      const a = e.actor.toLowerCase();
      const prev = lastAction.get(a);
      if (!prev || e.at > prev) lastAction.set(a, e.at);
    }
    if (e.action === 'org.add_member' && e.user) {
      const u = e.user.toLowerCase();
      const prev = addedAt.get(u);
      // The latest addition counts: a member removed and added again is as old as the re-addition.
      if (!prev || e.at > prev) addedAt.set(u, e.at);
    }
  }
  return { org: snapshot.org, snapshot, logins, samlLinks, lastAction, addedAt, auditFrom, warnings: [...snapshot.warnings] };
}
