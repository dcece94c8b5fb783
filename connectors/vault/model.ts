// One cluster's snapshot as the mapper sees it: only the fields the model
// uses. What Vault can echo that is or may be a secret (a token's `id`, a
// login's `client_token`, a wrapped `token`, a `secret_id`, a KV secret's
// `data`, response `warnings`) is never read into these, and free-form
// metadata keeps only the keys that name an owner, an email or a role,
// with token- and secret-ID-shaped values dropped (metadata.ts).

/** The metadata keys kept, and what they tell. */
export interface KeptMetadata {
  /** `key=value` pairs kept, for analysts. */
  pairs: string[];
  /** Owner declarations: values of owner keys, with the key they came from. */
  owners: { value: string; key: string }[];
  /** Email addresses (lower case) of email keys. */
  emails: string[];
  /** `role_name` (AppRole logins write it into a token's meta). */
  roleName: string | null;
}

export interface EntityAlias {
  mountType: string | null;
  mountPath: string | null;
  /** The alias name when it is an email address (lower case); other names are not kept. */
  email: string | null;
  metadata: KeptMetadata;
}

export interface VaultEntity {
  id: string;
  name: string | null;
  disabled: boolean;
  policies: string[];
  metadata: KeptMetadata;
  aliases: EntityAlias[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface TokenLookup {
  accessor: string;
  displayName: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  issuedAt: string | null;
  ttl: number | null;
  creationTtl: number | null;
  explicitMaxTtl: number | null;
  period: number | null;
  policies: string[];
  identityPolicies: string[];
  orphan: boolean | null;
  renewable: boolean | null;
  numUses: number | null;
  meta: KeptMetadata;
  entityId: string | null;
  path: string | null;
  tokenType: string | null;
}

export interface AppRole {
  mount: string;
  name: string;
  tokenPolicies: string[];
  secretIdTtl: number | null;
  secretIdNumUses: number | null;
  tokenTtl: number | null;
  tokenMaxTtl: number | null;
  tokenPeriod: number | null;
  tokenType: string | null;
  bindSecretId: boolean | null;
}

export interface SecretIdLookup {
  accessor: string;
  createdAt: string | null;
  expiresAt: string | null;
  lastUpdatedAt: string | null;
  ttl: number | null;
  numUses: number | null;
  metadata: KeptMetadata;
  cidrs: string[];
}

export interface KvVersion {
  version: number;
  createdAt: string | null;
  deletedAt: string | null;
  destroyed: boolean;
}

export interface KvSecret {
  mount: string;
  path: string;
  createdAt: string | null;
  updatedAt: string | null;
  currentVersion: number | null;
  versions: KvVersion[];
  customMetadata: KeptMetadata;
}

export interface ClusterSnapshot {
  cluster: string;
  entities: VaultEntity[];
  /** Null when token-accessors.json is absent (tokens unknown). */
  tokens: TokenLookup[] | null;
  approles: AppRole[];
  /** `<mount>/<role>` -> its secret ID lookups. */
  secretIds: Map<string, SecretIdLookup[]>;
  kvSecrets: KvSecret[];
  warnings: string[];
}
