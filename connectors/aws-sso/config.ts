// The `aws-sso:` section of driftgraph.yaml (`config.aws-sso`). Secrets never
// live here: credentials come from the default AWS chain (environment,
// profile, instance role), optionally through one assumed role.
import { z } from '../../src/bundled/zod.js';

export const awsSsoConfigSchema = z
  .object({
    /** Permission sets that count as privileged besides AdministratorAccess, PowerUserAccess and IAM write: names or ARNs. */
    privilegedPermissionSets: z.array(z.string().min(1)).optional(),
    /** Region of the Identity Center instance (its home region); default AWS_REGION, then us-east-1. */
    region: z.string().optional(),
    /** A role in the management or delegated administrator account to assume for collection and actions. */
    assumeRole: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN').optional(),
    externalId: z.string().optional(),
    /** Instances to collect (ids `ssoins-...` or ARNs); default every instance ListInstances returns. */
    instances: z.array(z.string().min(1)).optional(),
    /** Requests in flight at once (default 4). */
    concurrency: z.number().int().positive().optional(),
  })
  .strict();

export type AwsSsoConfig = z.infer<typeof awsSsoConfigSchema>;
