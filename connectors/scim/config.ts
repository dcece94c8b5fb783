// The SCIM section of driftgraph.yaml (`config.scim`): one entry per app, the
// app's name being its snapshot folder `scim/<app>/`. The bearer token never
// lives here: `tokenEnv` names the environment variable that holds it.
import { z } from '../../src/bundled/zod.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const scimAppSchema = z
  .object({
    /** The app's SCIM base URL, e.g. https://api.example.com/scim/v2 (Users and Groups below it). */
    baseUrl: z.string().url().optional(),
    /** Name of the environment variable holding the bearer token. */
    tokenEnv: z.string().regex(ENV_NAME, 'an environment variable name').optional(),
    /** Group display names whose members are privileged in this app. */
    privilegedGroups: z.array(z.string()).optional(),
    /** Resources asked for per page (the server may return fewer). */
    pageSize: z.number().int().positive().max(1000).optional(),
  })
  .strict();

export const scimConfigSchema = z
  .object({
    apps: z.record(z.string(), scimAppSchema).optional(),
    /** Group display names that make members privileged in every app. */
    privilegedGroups: z.array(z.string()).optional(),
  })
  .strict();

export type ScimAppConfig = z.infer<typeof scimAppSchema>;
export type ScimConfig = z.infer<typeof scimConfigSchema>;

/** The privileged group names for one app, folded for comparison. */
export function privilegedGroupsOf(config: ScimConfig | undefined, app: string): Set<string> {
  const names = [...(config?.privilegedGroups ?? []), ...(config?.apps?.[app]?.privilegedGroups ?? [])];
  return new Set(names.map((n) => n.trim().toLowerCase()));
}
