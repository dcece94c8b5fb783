// The Okta section of driftgraph.yaml (`config.okta`). The API token never
// lives here: `tokenEnv` names the environment variable holding it.
import { z } from '../../src/bundled/zod.js';

export const oktaConfigSchema = z
  .object({
    /** The org URL, e.g. https://example.okta.com (the System Log is /api/v1/logs below it). */
    baseUrl: z.string().url().optional(),
    /** Environment variable holding the API token (default OKTA_API_TOKEN). */
    tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
    /** How many days of sign-ins a live collection keeps (default 30, the context rules' window). */
    windowDays: z.number().int().positive().optional(),
    /** Events per page asked of /api/v1/logs (Okta allows up to 1000). */
    pageSize: z.number().int().positive().max(1000).optional(),
  })
  .strict();

export type OktaConfig = z.infer<typeof oktaConfigSchema>;
export const DEFAULT_WINDOW_DAYS = 30;
