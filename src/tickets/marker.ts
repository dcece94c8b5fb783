// The visible marker every ticket carries as its last line: the ticket key
// (the finding id, or the group id), the state driftgraph last wrote and a
// digest of the text. It is how a lost local state is rebuilt from the sink,
// and how a ticket closed by a person is told from one driftgraph closed.
// Provider values never start a line with "driftgraph-ticket:" (each sits
// after a fixed label), and the last marker counts.

/** What a ticket says the finding is: the visible marker carries it. */
export type TicketState = 'open' | 'resolved' | 'excepted';

const MARKER = /^driftgraph-ticket: ([fg]_[0-9a-f]{24}) · state: (open|resolved|excepted) · digest: ([0-9a-f]{12})$/gm;

export function markerLine(key: string, state: TicketState, digest: string): string {
  return `driftgraph-ticket: ${key} · state: ${state} · digest: ${digest}`;
}

export function parseMarker(text: string): { key: string; state: TicketState; digest: string } | null {
  let last: RegExpExecArray | null = null;
  for (const m of text.matchAll(MARKER)) last = m as RegExpExecArray;
  if (!last) return null;
  return { key: last[1]!, state: last[2] as TicketState, digest: last[3]! };
}
