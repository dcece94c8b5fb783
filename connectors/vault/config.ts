// The `vault:` section of driftgraph.yaml (`config.vault`). A Vault token
// never lives here: each cluster names the environment variable that holds
// the token of its read-only policy (docs/sources/vault.md).
import { z } from '../../src/bundled/zod.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
/** A mount path as Vault writes it, without leading or trailing slashes. */
const mountPath = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'a mount path such as secret or team/kv');

export const vaultConfigSchema = z
  .object({
    /** Policies that make a token, an entity or an AppRole privileged besides `root`. */
    privilegedPolicies: z.array(z.string().min(1)).optional(),
    /** Clusters a live collection reads, one container each. */
    clusters: z
      .array(
        z
          .object({
            /** The container name: `vault/<name>/` in the snapshot. */
            name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore (it becomes a folder name)'),
            /** The cluster's address, e.g. https://vault.example.com:8200. */
            address: z.string().url(),
            /** Environment variable holding the token of the read-only policy. */
            tokenEnv: envName,
            /**
             * Environment variable holding the token revocation actions use (a
             * policy that may revoke, docs/sources/vault.md); collection never
             * uses it. Absent: this cluster's findings plan no action.
             */
            actionTokenEnv: envName.optional(),
            /** Vault Enterprise namespace, sent as X-Vault-Namespace. */
            namespace: z.string().min(1).optional(),
            /** KV version 2 mounts to read (default: every KV v2 mount `sys/mounts` lists). */
            kvMounts: z.array(mountPath).optional(),
            /** AppRole auth mounts to read (default: every `approle` method `sys/auth` lists). */
            approleMounts: z.array(mountPath).optional(),
          })
          .strict(),
      )
      .optional(),
    /** Requests per second a live collection sends to one cluster (default 50). */
    requestsPerSecond: z.number().positive().optional(),
    /** Requests in flight at once against one cluster (default 8). */
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();

export type VaultConfig = z.infer<typeof vaultConfigSchema>;
