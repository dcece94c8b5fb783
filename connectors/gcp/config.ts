// `gcp:` in driftgraph.yaml. Credentials never live here: Application Default
// Credentials (GOOGLE_APPLICATION_CREDENTIALS names a key file when used), or
// a short-lived access token in DRIFTGRAPH_GCP_ACCESS_TOKEN.
import { z } from '../../src/bundled/zod.js';

export const gcpConfigSchema = z
  .object({
    /** Project ids to collect. */
    projects: z.array(z.string().min(1)).optional(),
    /** Discover every ACTIVE project below an organization (`organizations/123` or `123`). */
    organization: z.string().min(1).optional(),
    /** Discover every ACTIVE project below these folders (`folders/456` or `456`), sub-folders included. */
    folders: z.array(z.string().min(1)).optional(),
    /** Projects collected at once. */
    concurrency: z.number().int().positive().optional(),
    /** Calls at once inside one project (key listings). */
    callConcurrency: z.number().int().positive().optional(),
    /** Root URLs of the APIs, for Private Service Connect or a test server. */
    endpoints: z
      .object({
        iam: z.string().url().optional(),
        cloudresourcemanager: z.string().url().optional(),
        policyanalyzer: z.string().url().optional(),
        secretmanager: z.string().url().optional(),
      })
      .strict()
      .optional(),
    /** Also list Secret Manager secrets and their versions (metadata only, never a value). */
    secretManager: z.boolean().optional(),
    /** Retries of a call answered 429 or 5xx (the client's own exponential back-off). */
    retries: z.number().int().nonnegative().optional(),
  })
  .strict();

export type GcpConfig = z.infer<typeof gcpConfigSchema>;
