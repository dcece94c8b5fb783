// The `ai:` section of driftgraph.yaml (`config.ai`). An admin key never
// lives here: each organization names the environment variable that holds it.
import { z } from '../../src/bundled/zod.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
/** The org's folder name under `ai/<provider>/`: letters, digits, `.`, `_`, `-`. */
const folderName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a folder name (letters, digits, ".", "_", "-")');

const org = z
  .object({
    /** The organization's folder under `ai/<provider>/` and the container its findings name. */
    org: folderName,
    /** Environment variable holding the organization's admin API key. */
    adminKeyEnv: envName,
    /** API base URL (default the provider's public API); a proxy or a test server. */
    baseUrl: z.string().url().optional(),
  })
  .strict();

export const aiConfigSchema = z
  .object({
    /** OpenAI organizations a live collection reads, one container each (`openai/<org>`). */
    openai: z.array(org).optional(),
    /** Anthropic organizations a live collection reads, one container each (`anthropic/<org>`). */
    anthropic: z.array(org).optional(),
    /** Items asked for per page (default 100; both APIs allow at least 100). */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /** Requests in flight at once per organization (default 4). */
    concurrency: z.number().int().min(1).max(32).optional(),
    /** Retries of a rate-limited (429) or failed (5xx) request before the organization fails (default 5). */
    maxRetries: z.number().int().min(0).max(20).optional(),
  })
  .strict();

export type AiConfig = z.infer<typeof aiConfigSchema>;
export type AiOrgConfig = z.infer<typeof org>;
