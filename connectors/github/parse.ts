// One parser per GitHub file shape: JSON value -> checked records. A value of
// the wrong shape fails with the file and JSON path (JsonReader); unknown
// fields are ignored, as the snapshot format promises.
import { EventTally } from '../lib/events.js';
import { uniqueById } from '../lib/json.js';
import { EMAIL, KEYWORD, OPAQUE_ID } from '../lib/id-formats.js';
import { LOGIN, REPO, SECRET_NAME, SLUG } from './formats.js';
import type { JsonReader, Json } from './json.js';
import type {
  ActionsSecret,
  AuditEntry,
  Collaborator,
  CredentialAuthorization,
  DeployKey,
  ExternalIdentity,
  FineGrainedToken,
  GithubUser,
  Installation,
  Repo,
  Team,
} from './model.js';

/** Each item of a list file, with its JSON path. */
function items(json: unknown, r: JsonReader, at = '$'): { o: Json; path: string }[] {
  return r.array(json, at).map((v, i) => ({ o: r.object(v, `${at}[${i}]`), path: `${at}[${i}]` }));
}

/**
 * A wrapped response (`{total_count, installations}`) or a JSON array of them,
 * one per page: the items of every page, with their paths.
 */
export function unwrapPages(json: unknown, key: string, r: JsonReader): { o: Json; path: string }[] {
  const pages = Array.isArray(json) ? json.map((p, i) => ({ page: p, at: `$[${i}]` })) : [{ page: json, at: '$' }];
  return pages.flatMap(({ page, at }) => {
    const o = r.object(page, at);
    if (!Array.isArray(o[key])) r.fail(`${at}.${key}`, `expected {total_count, ${key}: [...]} (one page) or an array of such pages`);
    return items(o[key], r, `${at}.${key}`);
  });
}

export function parseUsers(json: unknown, r: JsonReader): GithubUser[] {
  return items(json, r).map(({ o, path }) => userAt(o, path, r));
}

function userAt(o: Json, path: string, r: JsonReader): GithubUser {
  return { login: r.id(o, 'login', path, LOGIN), id: r.optInteger(o, 'id', path), type: r.optId(o, 'type', path, KEYWORD), siteAdmin: r.optBoolean(o, 'site_admin', path) === true };
}

/** A nested simple-user (`owner`, `added_by` as an object) -> its login. */
function loginOf(v: unknown, path: string, r: JsonReader): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return r.inFormat(v, path, LOGIN);
  return r.id(r.object(v, path), 'login', path, LOGIN);
}

export function parseTeams(json: unknown, r: JsonReader): Team[] {
  return items(json, r).map(({ o, path }) => {
    const parent = o.parent === undefined || o.parent === null ? null : r.object(o.parent, `${path}.parent`);
    return {
      slug: r.id(o, 'slug', path, SLUG),
      name: r.text(o, 'name', path) ?? r.id(o, 'slug', path, SLUG),
      id: r.optInteger(o, 'id', path),
      privacy: r.optId(o, 'privacy', path, KEYWORD),
      parentSlug: parent ? r.id(parent, 'slug', `${path}.parent`, SLUG) : null,
    };
  });
}

export function parseRepos(json: unknown, r: JsonReader): Repo[] {
  return items(json, r).map(({ o, path }) => ({
    name: r.id(o, 'name', path, REPO),
    private: r.optBoolean(o, 'private', path),
    archived: r.optBoolean(o, 'archived', path) === true,
  }));
}

export function parseCollaborators(json: unknown, r: JsonReader): Collaborator[] {
  return items(json, r).map(({ o, path }) => {
    const perms = o.permissions === undefined || o.permissions === null ? null : r.object(o.permissions, `${path}.permissions`);
    // A custom role's name is free text; the built-in ones are single words.
    const roleName = r.text(o, 'role_name', path);
    const admin = (perms ? r.optBoolean(perms, 'admin', `${path}.permissions`) === true : false) || roleName === 'admin';
    return { login: r.id(o, 'login', path, LOGIN), id: r.optInteger(o, 'id', path), roleName, admin };
  });
}

/** One id listed twice with different content: the file contradicts itself, named with both places (connectors/lib/json.ts). */
function once<T extends { o: Json; path: string }>(list: T[], r: JsonReader, id: string): T[] {
  return uniqueById('github', r.file, list, ({ o }) => String(o[id]), ({ path }) => path);
}

export function parseDeployKeys(json: unknown, repo: string, r: JsonReader): DeployKey[] {
  // One key listed twice with different content: the file contradicts itself (connectors/lib/json.ts).
  const listed = uniqueById('github', r.file, items(json, r), ({ o }) => String(o.id), ({ path }) => path);
  return listed.map(({ o, path }) => ({
    id: r.integer(o, 'id', path),
    repo,
    title: r.text(o, 'title', path),
    createdAt: r.instant(o, 'created_at', path),
    readOnly: r.optBoolean(o, 'read_only', path),
    addedBy: loginOf(o.added_by, `${path}.added_by`, r),
    usageReported: 'last_used' in o,
    lastUsedAt: r.instant(o, 'last_used', path),
    // `enabled` is absent on servers that cannot disable keys: such a key is enabled.
    enabled: r.optBoolean(o, 'enabled', path) !== false,
  }));
}

/** `{members: "read", ...}` or nested groups -> `members:read`, `organization.members:read`; each level a keyword. */
function permissionList(v: unknown, r: JsonReader, path: string, prefix = ''): string[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as Json).flatMap(([k, x]) =>
    typeof x === 'string'
      ? [`${prefix}${r.inFormat(k, path, KEYWORD)}:${r.inFormat(x, `${path}.${k}`, KEYWORD)}`]
      : permissionList(x, r, `${path}.${k}`, `${prefix}${k}.`),
  );
}

export function parseInstallations(json: unknown, r: JsonReader): Installation[] {
  return once(unwrapPages(json, 'installations', r), r, 'id').map(({ o, path }) => ({
    id: r.integer(o, 'id', path),
    appSlug: r.id(o, 'app_slug', path, SLUG),
    appId: r.optInteger(o, 'app_id', path),
    createdAt: r.instant(o, 'created_at', path),
    suspendedAt: r.instant(o, 'suspended_at', path),
    repositorySelection: r.optId(o, 'repository_selection', path, KEYWORD),
    permissions: permissionList(o.permissions, r, `${path}.permissions`),
  }));
}

export function parseTokens(json: unknown, r: JsonReader): FineGrainedToken[] {
  return once(items(json, r), r, 'token_id').map(({ o, path }) => {
    const owner = loginOf(o.owner, `${path}.owner`, r);
    if (!owner) r.fail(`${path}.owner`, 'expected the owner of the token');
    return {
      grantId: r.optInteger(o, 'id', path),
      tokenId: r.integer(o, 'token_id', path),
      tokenName: r.text(o, 'token_name', path),
      ownerLogin: owner,
      expired: r.optBoolean(o, 'token_expired', path) === true,
      expiresAt: r.instant(o, 'token_expires_at', path),
      lastUsedAt: r.instant(o, 'token_last_used_at', path),
      grantedAt: r.instant(o, 'access_granted_at', path),
      permissions: permissionList(o.permissions, r, `${path}.permissions`),
    };
  });
}

export function parseAuthorizations(json: unknown, r: JsonReader): CredentialAuthorization[] {
  return once(items(json, r), r, 'credential_id').map(({ o, path }) => ({
    login: r.id(o, 'login', path, LOGIN),
    credentialId: r.integer(o, 'credential_id', path),
    // "personal access token", "SSH key": words, read as text.
    credentialType: r.freeText(r.string(o, 'credential_type', path))!,
    title: r.text(o, 'authorized_credential_title', path) ?? r.text(o, 'authorized_credential_note', path),
    authorizedAt: r.instant(o, 'credential_authorized_at', path),
    accessedAt: r.instant(o, 'credential_accessed_at', path),
    expiresAt: r.instant(o, 'authorized_credential_expires_at', path),
    scopes: r.strings(o, 'scopes', path).map((s, i) => r.inFormat(s, `${path}.scopes[${i}]`, KEYWORD)),
  }));
}

export function parseSecrets(json: unknown, r: JsonReader): ActionsSecret[] {
  return once(unwrapPages(json, 'secrets', r), r, 'name').map(({ o, path }) => ({
    name: r.id(o, 'name', path, SECRET_NAME),
    createdAt: r.instant(o, 'created_at', path),
    updatedAt: r.instant(o, 'updated_at', path),
    visibility: r.optId(o, 'visibility', path, KEYWORD),
  }));
}

export function parseExternalIdentities(json: unknown, r: JsonReader): ExternalIdentity[] {
  return items(json, r).map(({ o, path }) => {
    const saml = o.samlIdentity === undefined || o.samlIdentity === null ? null : r.object(o.samlIdentity, `${path}.samlIdentity`);
    const user = o.user === undefined || o.user === null ? null : r.object(o.user, `${path}.user`);
    const emails: string[] = [];
    const list = saml?.emails === undefined || saml?.emails === null ? [] : r.array(saml.emails, `${path}.samlIdentity.emails`);
    list.forEach((e, i) => {
      // Strings, or SCIM-style objects {value, primary, type}.
      const at = `${path}.samlIdentity.emails[${i}]`;
      if (typeof e === 'string') emails.push(r.inFormat(e.trim(), at, EMAIL));
      else emails.push(r.id(r.object(e, at), 'value', at, EMAIL));
    });
    return {
      login: user ? r.id(user, 'login', `${path}.user`, LOGIN) : null,
      // Usually the corporate email; an IdP may send an employee id or an opaque persistent id.
      nameId: saml ? r.optId(saml, 'nameId', `${path}.samlIdentity`, OPAQUE_ID) : null,
      emails,
    };
  });
}

/** The audit log is an event log: an unreadable entry is skipped and counted in `events` (connectors/lib/events.ts). */
export function parseAuditLog(json: unknown, r: JsonReader, events: EventTally): AuditEntry[] {
  const out: AuditEntry[] = [];
  r.array(json, '$').forEach((entry, i) => {
    const path = `$[${i}]`;
    const read = events.read(r.file, path, () => {
      const o = r.object(entry, path);
      const at = r.millisOrInstant(o, '@timestamp', path) ?? r.millisOrInstant(o, 'created_at', path);
      if (at === null) r.fail(`${path}.@timestamp`, 'an audit log entry needs @timestamp or created_at');
      return { at, action: r.optString(o, 'action', path), actor: r.optString(o, 'actor', path), user: r.optString(o, 'user', path) };
    });
    if (read) out.push(read);
  });
  return out;
}
