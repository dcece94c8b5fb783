// What a live collection writes of each Vault answer: the fields the reader
// uses, by name, and of free-form metadata only the keys the model keeps
// (metadata.ts). Whatever else the answer carries (a token's `id`, a
// `client_token`, `wrap_info`, a `secret_id`, `warnings`) never reaches the
// snapshot on disk.
import { keepMetadata, looksLikeVaultSecret, scrubText } from './metadata.js';

type Json = Record<string, unknown>;

function pick(o: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const f of fields) if (o[f] !== undefined) out[f] = o[f];
  return out;
}

/** A metadata map reduced to the pairs the model keeps. */
export function keptMap(v: unknown): Record<string, string> | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const strings: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Json)) if (typeof x === 'string') strings[k] = x;
  const out: Record<string, string> = {};
  for (const pair of keepMetadata(strings).pairs) {
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

const text = (v: unknown) => (typeof v === 'string' ? scrubText(v) : v);

export function entityRecord(o: Json): Json {
  const aliases = Array.isArray(o.aliases) ? (o.aliases as Json[]) : [];
  return {
    ...pick(o, ['id', 'disabled', 'policies', 'creation_time', 'last_update_time', 'direct_group_ids', 'group_ids']),
    name: text(o.name),
    metadata: keptMap(o.metadata),
    aliases: aliases.map((a) => ({
      ...pick(a, ['id', 'mount_accessor', 'mount_path', 'mount_type', 'creation_time', 'last_update_time']),
      // An AppRole alias is named by the role's ID: not kept, like anything secret-shaped.
      name: typeof a.name === 'string' && !looksLikeVaultSecret(a.name) ? a.name : null,
      metadata: keptMap(a.metadata),
    })),
  };
}

export function tokenRecord(o: Json): Json {
  return {
    ...pick(o, [
      'accessor', 'creation_time', 'creation_ttl', 'entity_id', 'expire_time', 'explicit_max_ttl', 'issue_time', 'num_uses',
      'orphan', 'path', 'policies', 'identity_policies', 'renewable', 'ttl', 'type', 'period',
    ]),
    display_name: text(o.display_name),
    meta: keptMap(o.meta),
  };
}

export function approleRecord(mount: string, name: string, o: Json): Json {
  return {
    name,
    mount,
    ...pick(o, [
      'bind_secret_id', 'local_secret_ids', 'policies', 'secret_id_bound_cidrs', 'secret_id_num_uses', 'secret_id_ttl', 'token_bound_cidrs',
      'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses', 'token_period', 'token_policies', 'token_ttl', 'token_type',
    ]),
  };
}

export function secretIdRecord(o: Json): Json {
  return {
    ...pick(o, ['secret_id_accessor', 'creation_time', 'expiration_time', 'last_updated_time', 'secret_id_ttl', 'secret_id_num_uses', 'cidr_list', 'token_bound_cidrs']),
    metadata: keptMap(o.metadata),
  };
}

export function kvRecord(path: string, o: Json): Json {
  return {
    path,
    ...pick(o, ['created_time', 'updated_time', 'current_version', 'oldest_version', 'max_versions', 'delete_version_after', 'cas_required', 'versions']),
    custom_metadata: keptMap(o.custom_metadata),
  };
}
