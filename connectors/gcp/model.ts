// The GCP records driftgraph reads from a project's snapshot folder, checked
// and normalized (camelCase fields, ISO instants). Secret material of a key
// (`privateKeyData`) is never read into these records.

export interface ServiceAccount {
  email: string;
  name: string | null;
  uniqueId: string | null;
  displayName: string | null;
  description: string | null;
  disabled: boolean;
}

export interface ServiceAccountKey {
  /** Full resource name `projects/P/serviceAccounts/EMAIL/keys/KEY_ID`. */
  name: string;
  keyId: string;
  /** The account the key belongs to (from the name). */
  serviceAccountEmail: string;
  keyType: string | null;
  keyOrigin: string | null;
  keyAlgorithm: string | null;
  validAfter: string | null;
  validBefore: string | null;
  disabled: boolean;
  disableReason: string | null;
}

export interface Binding {
  role: string;
  members: string[];
  condition: { expression: string | null; title: string | null } | null;
}

export interface Activity {
  /** Email or unique id of the account, or the key id, as the resource name ends. */
  fullResourceName: string;
  lastAuthenticated: string | null;
}

export interface WorkloadIdentityProvider {
  /** Full name `projects/N/locations/global/workloadIdentityPools/POOL/providers/ID`. */
  name: string;
  poolName: string;
  displayName: string | null;
  disabled: boolean;
  state: string | null;
  poolDisabled: boolean;
  issuerUri: string | null;
  attributeCondition: string | null;
  attributeMapping: Record<string, string>;
}

/** One version of a Secret Manager secret: its metadata (a listing never carries the payload). */
export interface SecretVersion {
  /** `projects/P/secrets/S/versions/N`. */
  name: string;
  createTime: string | null;
  /** ENABLED, DISABLED or DESTROYED. */
  state: string | null;
}

/** A Secret Manager secret (`secrets.list`) with its versions (`secrets.versions.list`). */
export interface Secret {
  /** `projects/P/secrets/S` as Google returns it (P is usually the project number). */
  name: string;
  secretId: string;
  createTime: string | null;
  expireTime: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  nextRotationTime: string | null;
  rotationPeriod: string | null;
  /** null: no `secret-versions/<secret>.json`, so its versions are unknown. */
  versions: SecretVersion[] | null;
}

export interface ProjectSnapshot {
  projectId: string;
  serviceAccounts: ServiceAccount[];
  keys: ServiceAccountKey[];
  /** null: no iam-policy.json. */
  bindings: Binding[] | null;
  /** null: the activity file is absent (use unknown, never "never used"). */
  accountActivity: Activity[] | null;
  keyActivity: Activity[] | null;
  providers: WorkloadIdentityProvider[];
  /** null: no secrets.json (Secret Manager not collected). */
  secrets?: Secret[] | null;
  warnings: string[];
}
