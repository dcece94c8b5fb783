// Ticket refs live on the Finding node: `ticketsJson` holds one entry per sink
// ({key, ref, url, state, digest}); `ticketSink`, `ticketRef`, `ticketUrl` and
// `ticketState` repeat the first one (GitHub, then Jira, then the webhook) for
// analysts' queries. The sinks' markers are the truth; this is what the last
// run knew, and what a webhook (which cannot be searched) relies on.
import type { GraphStore } from '../graph/store.js';
import { SINK_NAMES, type SinkName } from './config.js';
import type { TicketState } from './marker.js';

export interface LocalTicket {
  key: string;
  ref: string;
  url: string | null;
  state: TicketState;
  digest: string;
}

export type FindingTickets = Partial<Record<SinkName, LocalTicket>>;

export async function readTicketState(store: GraphStore): Promise<Map<string, FindingTickets>> {
  const rows = await store.read('MATCH (f:Finding) WHERE f.ticketsJson IS NOT NULL RETURN f.id AS id, f.ticketsJson AS json');
  const out = new Map<string, FindingTickets>();
  for (const r of rows) {
    try {
      out.set(String(r.id), JSON.parse(String(r.json)) as FindingTickets);
    } catch {
      // A hand-edited property: treat as unknown; the sink's markers rebuild it.
    }
  }
  return out;
}

export async function writeTicketState(store: GraphStore, state: Map<string, FindingTickets>, ids: string[]): Promise<void> {
  const rows = ids.map((id) => {
    const tickets = state.get(id) ?? {};
    const first = SINK_NAMES.map((s) => [s, tickets[s]] as const).find(([, t]) => t);
    return {
      id,
      json: JSON.stringify(tickets),
      sink: first?.[0] ?? null,
      ref: first?.[1]?.ref ?? null,
      url: first?.[1]?.url ?? null,
      state: first?.[1]?.state ?? null,
    };
  });
  if (!rows.length) return;
  await store.write(
    `UNWIND $rows AS r
     MATCH (f:Finding {id: r.id})
     SET f.ticketsJson = r.json, f.ticketSink = r.sink, f.ticketRef = r.ref, f.ticketUrl = r.url, f.ticketState = r.state`,
    { rows },
  );
}

export async function markRevocationUnverified(store: GraphStore, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await store.write('UNWIND $ids AS id MATCH (f:Finding {id: id}) SET f.revocationUnverified = true', { ids });
}
