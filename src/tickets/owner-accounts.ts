// Assignees: a person owner's login in the sink's system, through the graph's
// links (an account LINKED_TO the person whose connector declares a login of
// that scheme, e.g. `github`). Jira account ids come from the config
// (`tickets.jira.accounts`): no source here reads Jira's users.
import type { GraphStore } from '../graph/store.js';

/** Owner email (lower case) -> login of `scheme`, for the people that have exactly one linked, present account with one. */
export async function loginsOf(store: GraphStore, scheme: string, emails: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!emails.length) return out;
  const rows = await store.read(
    `UNWIND $emails AS e
     MATCH (a:Account)-[:LINKED_TO]->(p:Person)
     WHERE p.email = e AND a.loginScheme = $scheme AND a.login IS NOT NULL AND a.removedAt IS NULL
     RETURN e AS email, collect(DISTINCT a.login) AS logins`,
    { emails, scheme },
  );
  for (const r of rows) {
    const logins = (r.logins as unknown[]).filter((x): x is string => typeof x === 'string');
    if (logins.length === 1) out.set(String(r.email), logins[0]!);
  }
  return out;
}
