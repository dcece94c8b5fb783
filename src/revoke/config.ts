// The `revocation:` section of driftgraph.yaml: which findings driftgraph may
// act on by itself (routine), which only once a person approved them, which
// subjects it never touches, and the limits that stop a mass revocation.
// Nothing is routine unless this section says so: without it, `revoke`
// plans nothing.
import { z } from '../bundled/zod.js';

const severity = z.enum(['critical', 'high', 'medium', 'low']);

/** One policy line: a rule, narrowed by sources, subject types and severity, with a grace on top of the rule's own. */
const policyLine = z
  .object({
    rule: z.string().min(1),
    /** Only findings whose subject is in these sources (default: any source that can act). */
    sources: z.array(z.string().min(1)).min(1).optional(),
    /** Only these subject types (`user`, `access-key`, ...). */
    subjectTypes: z.array(z.string().min(1)).min(1).optional(),
    /** Only findings at or above this severity. */
    minSeverity: severity.optional(),
    /** Act only once the finding has been open this long (a grace on top of the rule's own). */
    afterHours: z.number().nonnegative().optional(),
  })
  .strict();

export const revocationConfigSchema = z
  .object({
    /** Acted on by `revoke --apply`, within the limits. */
    routine: z.array(policyLine).optional(),
    /** Planned, acted on only once approved (`revoke approve`). */
    approval: z.array(policyLine).optional(),
    /** Subjects never touched (break-glass accounts): source, optional container, and the subject id. */
    neverTouch: z
      .array(z.object({ source: z.string().min(1), container: z.string().optional(), id: z.string().min(1) }).strict())
      .optional(),
    /** A plan with more actions than this does nothing (default 25). */
    maxPerRun: z.number().int().positive().optional(),
    /** A plan touching more than this share of one container's subjects does nothing (default 0.05). */
    maxShareOfContainer: z.number().gt(0).max(1).optional(),
    /** Never act on findings whose source was last scanned longer ago than this (default 48). */
    maxSnapshotAgeHours: z.number().positive().optional(),
    /** The audit trail's JSON Lines file, relative to the config file (default: revocations.jsonl beside the store). */
    auditLog: z.string().min(1).optional(),
  })
  .strict();

export type RevocationConfig = z.infer<typeof revocationConfigSchema>;

/** `revocation:` as a section of driftgraph.yaml, handed to the config loader by the composition root. */
export const revocationConfigSection = { source: 'revocation', configSchema: revocationConfigSchema as z.ZodType<unknown> };

/** The validated section out of the whole config. */
export const revocationOf = (config: Record<string, unknown>): RevocationConfig | undefined => config.revocation as RevocationConfig | undefined;
export type PolicyLine = z.infer<typeof policyLine>;
export type Severity = z.infer<typeof severity>;

export const DEFAULT_MAX_PER_RUN = 25;
export const DEFAULT_MAX_SHARE_OF_CONTAINER = 0.05;
export const DEFAULT_MAX_SNAPSHOT_AGE_HOURS = 48;

export interface Limits {
  maxPerRun: number;
  maxShareOfContainer: number;
  maxSnapshotAgeHours: number;
}

export function limitsOf(c: RevocationConfig | undefined): Limits {
  return {
    maxPerRun: c?.maxPerRun ?? DEFAULT_MAX_PER_RUN,
    maxShareOfContainer: c?.maxShareOfContainer ?? DEFAULT_MAX_SHARE_OF_CONTAINER,
    maxSnapshotAgeHours: c?.maxSnapshotAgeHours ?? DEFAULT_MAX_SNAPSHOT_AGE_HOURS,
  };
}
