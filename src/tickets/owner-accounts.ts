// Assignees: a person owner's GitHub login, through the graph's links (a
// GitHub account LINKED_TO the person). Jira account ids come from the config
// (`tickets.jira.accounts`): no source here reads Jira's users.
import type { GraphStore } from '../graph/store.js';

/** Owner email (lower case) -> GitHub login, for the people that have exactly one linked, present GitHub account. */
export async function githubLogins(store: GraphStore, emails: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!emails.length) return out;
  const rows = await store.read(
    `UNWIND $emails AS e
     MATCH (a:Account)-[:LINKED_TO]->(p:Person)
     WHERE p.email = e AND a.source = 'github' AND a.removedAt IS NULL
     RETURN e AS email, collect(DISTINCT a.nativeId) AS logins`,
    { emails },
  );
  for (const r of rows) {
    const logins = (r.logins as unknown[]).filter((x): x is string => typeof x === 'string');
    if (logins.length === 1) out.set(String(r.email), logins[0]!);
  }
  return out;
}
