// The `aws:` section of driftgraph.yaml. Secrets never live here: credentials
// come from the default AWS chain (environment, profile, instance role).
import { z } from '../../src/bundled/zod.js';

export const awsConfigSchema = z
  .object({
    /** Role ARNs to assume, one per account; without any, the default credentials' account. */
    assumeRoles: z.array(z.string()).optional(),
    /** Discover member accounts through AWS Organizations and assume this role name in each. */
    organizations: z
      .object({ roleName: z.string(), includeManagementAccount: z.boolean().optional() })
      .strict()
      .optional(),
    region: z.string().optional(),
    concurrency: z.number().int().positive().optional(),
    externalId: z.string().optional(),
    /** Also list Secrets Manager secrets (metadata only) in these regions of every account. */
    secretsManager: z.object({ regions: z.array(z.string().min(1)).min(1) }).strict().optional(),
  })
  .strict();

export type AwsConfig = z.infer<typeof awsConfigSchema>;
