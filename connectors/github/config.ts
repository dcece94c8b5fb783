// `github:` in driftgraph.yaml. Secrets never live here: the token comes from
// GITHUB_TOKEN, an App's private key from GITHUB_APP_PRIVATE_KEY or a file.
import { z } from '../../src/bundled/zod.js';

export const githubConfigSchema = z
  .object({
    /** The organizations to collect (an offline scan reads whatever org folders the snapshot holds). */
    orgs: z.array(z.string().min(1)).min(1).optional(),
    /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
    baseUrl: z.string().url().optional(),
    /** Authenticate as a GitHub App installation instead of GITHUB_TOKEN (needed to list fine-grained tokens). */
    app: z
      .object({
        appId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
        /** Path to the App's PEM private key; else the GITHUB_APP_PRIVATE_KEY environment variable. */
        privateKeyFile: z.string().optional(),
        /** Installation id per org; looked up with the App's JWT when absent. */
        installations: z.record(z.string(), z.number().int().positive()).optional(),
      })
      .strict()
      .optional(),
    /** Parallel requests per org (repositories, teams). */
    concurrency: z.number().int().positive().max(20).optional(),
    /** Also collect the audit log (GitHub Enterprise Cloud): `days` back from now. */
    auditLogDays: z.number().int().positive().optional(),
  })
  .strict();

export type GithubConfig = z.infer<typeof githubConfigSchema>;
