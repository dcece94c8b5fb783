// One provider object -> what the model keeps (model.ts). Only the fields
// named here are read: a key's value, `redacted_value` and
// `partial_key_hint` are never touched. Names are free text a person typed
// (a key pasted as a key's name happens): secret-looking parts are replaced.
import { redactText } from '../../src/util/redact.js';
import type { Json, ListReader } from './json.js';
import type {
  AnthropicKey,
  AnthropicMember,
  AnthropicUser,
  AnthropicWorkspace,
  OpenAiKey,
  OpenAiKeyOwner,
  OpenAiProject,
  OpenAiServiceAccount,
  OpenAiUser,
} from './model.js';

const text = (v: string | null): string | null => (v === null ? null : redactText(v));

export function openAiUser(o: Json, path: string, r: ListReader): OpenAiUser {
  return {
    id: r.id(o, 'id', path),
    email: text(r.optString(o, 'email', path))?.toLowerCase() ?? null,
    name: text(r.optString(o, 'name', path)),
    role: text(r.optString(o, 'role', path)),
    addedAt: r.unixSeconds(o, 'added_at', path),
  };
}

function keyOwner(o: Json, path: string, r: ListReader): OpenAiKeyOwner {
  const owner = r.optObject(o, 'owner', path);
  if (!owner) return { type: null, id: null, name: null, email: null, role: null };
  const at = `${path}.owner`;
  const raw = r.optString(owner, 'type', at);
  // A kind of owner this model does not know yet leaves the key with no holder (it stands alone), never fails the org.
  const type = raw === 'user' || raw === 'service_account' ? raw : null;
  // Project keys nest the owner (`owner.user` or `owner.service_account`); admin keys put it flat on `owner`.
  const nested = type ? r.optObject(owner, type, at) : null;
  const who = nested ?? owner;
  const whoAt = nested ? `${at}.${type}` : at;
  return {
    type,
    id: r.optId(who, 'id', whoAt),
    name: text(r.optString(who, 'name', whoAt)),
    email: text(r.optString(who, 'email', whoAt))?.toLowerCase() ?? null,
    role: text(r.optString(who, 'role', whoAt)),
  };
}

export function openAiKey(o: Json, path: string, r: ListReader): OpenAiKey {
  // Every key has a creation time: without one, an old key would no longer look old.
  const createdAt = r.unixSeconds(o, 'created_at', path);
  if (createdAt === null) r.fail(`${path}.created_at`, 'no value, and every key has one');
  return {
    id: r.id(o, 'id', path),
    name: text(r.optString(o, 'name', path)),
    createdAt,
    lastUsedAt: r.unixSeconds(o, 'last_used_at', path),
    expiresAt: r.unixSeconds(o, 'expires_at', path),
    owner: keyOwner(o, path, r),
    path,
  };
}

export function openAiProject(o: Json, path: string, r: ListReader): OpenAiProject {
  return {
    id: r.id(o, 'id', path),
    name: text(r.optString(o, 'name', path)),
    status: text(r.optString(o, 'status', path)),
    createdAt: r.unixSeconds(o, 'created_at', path),
    archivedAt: r.unixSeconds(o, 'archived_at', path),
  };
}

export function openAiServiceAccount(o: Json, path: string, r: ListReader): OpenAiServiceAccount {
  return {
    id: r.id(o, 'id', path),
    name: text(r.optString(o, 'name', path)),
    role: text(r.optString(o, 'role', path)),
    createdAt: r.unixSeconds(o, 'created_at', path),
  };
}

export function anthropicUser(o: Json, path: string, r: ListReader): AnthropicUser {
  return {
    id: r.id(o, 'id', path),
    email: text(r.optString(o, 'email', path))?.toLowerCase() ?? null,
    name: text(r.optString(o, 'name', path)),
    role: text(r.optString(o, 'role', path)),
    addedAt: r.instant(o, 'added_at', path),
  };
}

export function anthropicKey(o: Json, path: string, r: ListReader): AnthropicKey {
  const by = r.optObject(o, 'created_by', path);
  return {
    id: r.id(o, 'id', path),
    name: text(r.optString(o, 'name', path)),
    workspaceId: r.optId(o, 'workspace_id', path),
    createdAt: r.instant(o, 'created_at', path),
    createdById: by ? r.optId(by, 'id', `${path}.created_by`) : null,
    createdByType: by ? text(r.optString(by, 'type', `${path}.created_by`)) : null,
    status: text(r.optString(o, 'status', path)),
    expiresAt: r.instant(o, 'expires_at', path),
  };
}

export function anthropicWorkspace(o: Json, path: string, r: ListReader): AnthropicWorkspace {
  return {
    id: r.id(o, 'id', path),
    name: text(r.optString(o, 'name', path)),
    createdAt: r.instant(o, 'created_at', path),
    archivedAt: r.instant(o, 'archived_at', path),
  };
}

export function anthropicMember(o: Json, path: string, r: ListReader): AnthropicMember {
  return {
    userId: r.id(o, 'user_id', path),
    workspaceId: r.id(o, 'workspace_id', path),
    role: text(r.optString(o, 'workspace_role', path)),
  };
}
