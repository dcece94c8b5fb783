// Vault API records -> the model (model.ts). Each parser reads only the
// fields the model uses, by name: a token's `id`, a `client_token`, a
// `secret_id` or a KV `data` is never touched, whatever the record holds.
import { EMAIL, keepMetadata, scrubText } from './metadata.js';
import type { Json, VaultReader } from './json.js';
import type { AppRole, EntityAlias, KvSecret, KvVersion, SecretIdLookup, TokenLookup, VaultEntity } from './model.js';

/** `GET identity/entity/id/:id` data. */
export function parseEntity(o: Json, path: string, r: VaultReader): VaultEntity {
  const aliases: EntityAlias[] = [];
  const list = o.aliases;
  if (list !== undefined && list !== null && !Array.isArray(list)) r.fail(`${path}.aliases`, 'expected a JSON array');
  (Array.isArray(list) ? list : []).forEach((a, i) => {
    const at = `${path}.aliases[${i}]`;
    const alias = r.object(a, at);
    const name = r.optString(alias, 'name', at);
    aliases.push({
      mountType: r.optString(alias, 'mount_type', at),
      mountPath: r.optString(alias, 'mount_path', at),
      // Only an email-shaped alias name is kept (an OIDC or LDAP login as an
      // address); an AppRole alias is named by its role ID, which stays out.
      email: name && EMAIL.test(name) ? name.toLowerCase() : null,
      metadata: keepMetadata(r.stringMap(alias, 'metadata', at)),
    });
  });
  return {
    // Ids and accessors are checked, never rewritten (connectors/lib/id-formats.ts); names are scrubbed text.
    id: r.id(o, 'id', path),
    name: scrubText(r.optString(o, 'name', path)),
    disabled: r.optBoolean(o, 'disabled', path) ?? false,
    policies: r.strings(o, 'policies', path),
    metadata: keepMetadata(r.stringMap(o, 'metadata', path)),
    aliases,
    createdAt: r.instant(o, 'creation_time', path),
    updatedAt: r.instant(o, 'last_update_time', path),
  };
}

/** `POST auth/token/lookup-accessor` data. */
export function parseToken(o: Json, path: string, r: VaultReader): TokenLookup {
  return {
    accessor: r.id(o, 'accessor', path),
    displayName: scrubText(r.optString(o, 'display_name', path)),
    createdAt: r.epochSeconds(o, 'creation_time', path),
    expiresAt: r.instant(o, 'expire_time', path),
    issuedAt: r.instant(o, 'issue_time', path),
    ttl: r.optInteger(o, 'ttl', path),
    creationTtl: r.optInteger(o, 'creation_ttl', path),
    explicitMaxTtl: r.optInteger(o, 'explicit_max_ttl', path),
    period: r.optInteger(o, 'period', path),
    policies: r.strings(o, 'policies', path),
    identityPolicies: r.strings(o, 'identity_policies', path),
    orphan: r.optBoolean(o, 'orphan', path),
    renewable: r.optBoolean(o, 'renewable', path),
    numUses: r.optInteger(o, 'num_uses', path),
    meta: keepMetadata(r.stringMap(o, 'meta', path)),
    entityId: r.optId(o, 'entity_id', path),
    path: r.optString(o, 'path', path),
    tokenType: r.optString(o, 'type', path),
  };
}

/** One entry of approle-roles.json: the role's `name` and `mount` beside `GET auth/<mount>/role/<name>` data. */
export function parseAppRole(o: Json, path: string, r: VaultReader, defaultMount: string): AppRole {
  const name = r.string(o, 'name', path);
  if (!/^[^/\s]+$/.test(name)) r.fail(`${path}.name`, 'an AppRole name has no slash or space');
  const mount = (r.optId(o, 'mount', path) ?? defaultMount).replace(/^\/+|\/+$/g, '');
  const tokenPolicies = r.strings(o, 'token_policies', path);
  return {
    mount,
    name,
    // Older Vaults write `policies`; newer write both.
    tokenPolicies: [...new Set([...tokenPolicies, ...r.strings(o, 'policies', path)])],
    secretIdTtl: r.optInteger(o, 'secret_id_ttl', path),
    secretIdNumUses: r.optInteger(o, 'secret_id_num_uses', path),
    tokenTtl: r.optInteger(o, 'token_ttl', path),
    tokenMaxTtl: r.optInteger(o, 'token_max_ttl', path),
    tokenPeriod: r.optInteger(o, 'token_period', path),
    tokenType: r.optString(o, 'token_type', path),
    bindSecretId: r.optBoolean(o, 'bind_secret_id', path),
  };
}

/** `POST auth/<mount>/role/<name>/secret-id-accessor/lookup` data. */
export function parseSecretId(o: Json, path: string, r: VaultReader): SecretIdLookup {
  return {
    accessor: r.id(o, 'secret_id_accessor', path),
    createdAt: r.instant(o, 'creation_time', path),
    expiresAt: r.instant(o, 'expiration_time', path),
    lastUpdatedAt: r.instant(o, 'last_updated_time', path),
    ttl: r.optInteger(o, 'secret_id_ttl', path),
    numUses: r.optInteger(o, 'secret_id_num_uses', path),
    metadata: keepMetadata(r.stringMap(o, 'metadata', path)),
    cidrs: r.strings(o, 'cidr_list', path),
  };
}

/** One entry of kv-metadata/<mount>.json: the secret's `path` beside `GET <mount>/metadata/<path>` data. */
export function parseKvSecret(o: Json, path: string, r: VaultReader, mount: string): KvSecret {
  const secretPath = r.string(o, 'path', path).replace(/^\/+/, '');
  if (secretPath.endsWith('/')) r.fail(`${path}.path`, 'a folder, not a secret (it ends in /)');
  const versions: KvVersion[] = [];
  const raw = o.versions;
  if (raw !== undefined && raw !== null) {
    const map = r.object(raw, `${path}.versions`);
    for (const [k, v] of Object.entries(map)) {
      const at = `${path}.versions[${JSON.stringify(k)}]`;
      if (!/^\d+$/.test(k)) r.fail(at, 'a version number');
      const ver = r.object(v, at);
      versions.push({
        version: Number(k),
        createdAt: r.instant(ver, 'created_time', at),
        deletedAt: r.instant(ver, 'deletion_time', at),
        destroyed: r.optBoolean(ver, 'destroyed', at) ?? false,
      });
    }
  }
  versions.sort((a, b) => a.version - b.version);
  return {
    mount,
    path: secretPath,
    createdAt: r.instant(o, 'created_time', path),
    updatedAt: r.instant(o, 'updated_time', path),
    currentVersion: r.optInteger(o, 'current_version', path),
    versions,
    customMetadata: keepMetadata(r.stringMap(o, 'custom_metadata', path)),
  };
}
