// The `tickets` section of driftgraph.yaml: which sinks exist and which
// findings go where. Credentials are never here: GITHUB_TOKEN, JIRA_EMAIL and
// JIRA_API_TOKEN, and the webhook secret's variable come from the environment.
import { z } from '../bundled/zod.js';

const severity = z.enum(['critical', 'high', 'medium', 'low']);
const nonEmpty = z.string().min(1);

export const SINK_NAMES = ['github', 'jira', 'webhook'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export const githubSinkSchema = z
  .object({
    /** OWNER/REPO where issues go unless a route names another. */
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected OWNER/REPO'),
    /** The REST API root: GitHub Enterprise Server (https://HOST/api/v3) or a local test server. */
    baseUrl: z.url().optional(),
    /** Labels put on every issue; the first one ("driftgraph" by default) is how issues are found again. */
    labels: z.array(nonEmpty).min(1).optional(),
    /** Pause between writes in milliseconds (GitHub asks for 1000; writes that notify wait three times as long). */
    writeIntervalMs: z.number().int().nonnegative().optional(),
  })
  .strict();

export const jiraSinkSchema = z
  .object({
    /** The site, e.g. https://acme.atlassian.net */
    url: z.url(),
    /** Project key where issues go unless a route names another. */
    project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'expected a Jira project key such as SEC').optional(),
    /** Issue type name (default "Task"). */
    issueType: nonEmpty.optional(),
    /** Labels put on every issue; the first one ("driftgraph" by default) is how issues are found again. */
    labels: z.array(z.string().regex(/^\S+$/, 'Jira labels have no spaces')).min(1).optional(),
    /** Owner email -> Jira account id, for the assignee. */
    accounts: z.record(z.string(), nonEmpty).optional(),
    /** Resolution set when a finding is excepted (default "Won't Do"). */
    wontDoResolution: nonEmpty.optional(),
  })
  .strict();

export const webhookSinkSchema = z
  .object({
    url: z.url(),
    /** `slack` posts {text} (an incoming webhook); `json` posts the event. Default: slack for hooks.slack.com. */
    format: z.enum(['json', 'slack']).optional(),
    /** Name of the environment variable holding the HMAC secret (default DRIFTGRAPH_WEBHOOK_SECRET). */
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
  })
  .strict();

export const routeSchema = z
  .object({
    sink: z.enum(SINK_NAMES),
    /** At least this severity. */
    minSeverity: severity.optional(),
    rules: z.array(nonEmpty).optional(),
    sources: z.array(nonEmpty).optional(),
    /** Owner teams (catalog refs such as group:default/payments, or just payments); any owner matching is enough. */
    ownerTeams: z.array(nonEmpty).optional(),
    /** GitHub: OWNER/REPO for these findings. */
    repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected OWNER/REPO').optional(),
    /** Jira: project key and issue type for these findings. */
    project: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'expected a Jira project key such as SEC').optional(),
    issueType: nonEmpty.optional(),
    /** `owner-rule`: one ticket per (first owner, rule) listing its findings. */
    group: z.enum(['owner-rule']).optional(),
  })
  .strict();

export const ticketsConfigSchema = z
  .object({
    github: githubSinkSchema.optional(),
    jira: jiraSinkSchema.optional(),
    webhook: webhookSinkSchema.optional(),
    /** Per sink, the first route that matches a finding decides; a finding can go to several sinks. */
    routes: z.array(routeSchema),
  })
  .strict()
  .superRefine((t, ctx) => {
    t.routes.forEach((r, i) => {
      const issue = (message: string, key: string) => ctx.addIssue({ code: 'custom', message, path: ['routes', i, key] });
      if (!t[r.sink]) issue(`sink ${r.sink} is not configured: add tickets.${r.sink}`, 'sink');
      if (r.repo && r.sink !== 'github') issue('repo is for the github sink', 'repo');
      if ((r.project || r.issueType) && r.sink !== 'jira') issue('project and issueType are for the jira sink', r.project ? 'project' : 'issueType');
      if (r.sink === 'jira' && !r.project && !t.jira?.project) issue('no Jira project: set it here or in tickets.jira.project', 'project');
    });
  });

export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;
export type Route = z.infer<typeof routeSchema>;

/** The `tickets:` section, handed to the config schema by the composition root as a connector's is. */
export const ticketsConfigSection = { source: 'tickets', configSchema: ticketsConfigSchema };

/** The config's `tickets` section (validated when the config was loaded), or undefined when there is none. */
export function ticketsOf(config: object): TicketsConfig | undefined {
  return (config as { tickets?: TicketsConfig }).tickets;
}
