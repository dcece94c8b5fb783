// The `entra:` section of driftgraph.yaml (`config.entra`). Secrets never
// live here: a client secret or certificate is named by an environment
// variable or a file path.
import { z } from '../../src/bundled/zod.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const entraConfigSchema = z
  .object({
    /**
     * Directory roles that count as privileged besides the ones Microsoft marks
     * privileged: display names or role definition (template) ids.
     */
    privilegedRoles: z.array(z.string().min(1)).optional(),
    /** Tenants a live collection reads, one container each. */
    tenants: z
      .array(
        z
          .object({
            tenantId: z.string().min(1),
            clientId: z.string().min(1),
            /** Environment variable holding the client secret. */
            clientSecretEnv: envName.optional(),
            /** PEM file with the certificate and its private key. */
            certificatePath: z.string().min(1).optional(),
            /** File holding a federated token (workload identity federation). */
            federatedTokenFile: z.string().min(1).optional(),
          })
          .strict()
          .refine((t) => [t.clientSecretEnv, t.certificatePath, t.federatedTokenFile].filter(Boolean).length === 1, {
            message: 'name exactly one of clientSecretEnv, certificatePath, federatedTokenFile',
          }),
      )
      .optional(),
    /** Graph base URL (default https://graph.microsoft.com); a national cloud or a test server. */
    graphUrl: z.string().url().optional(),
    /** Where tokens come from (default https://login.microsoftonline.com); a national cloud or a test server. */
    authorityHost: z.string().url().optional(),
    /** Objects asked for per `$batch` call (owners, group members, federated credentials); Graph allows 20. */
    batchSize: z.number().int().min(1).max(20).optional(),
    /** Days of sign-ins a live collection keeps (default 30, the context rules' window). */
    signInDays: z.number().int().positive().optional(),
  })
  .strict();

export type EntraConfig = z.infer<typeof entraConfigSchema>;
