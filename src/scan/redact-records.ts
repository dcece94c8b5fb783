// The last net before the store: every text value a connector hands over
// passes through the well-known token shapes (a private key, ghp_, a JWT,
// Bearer, SSWS, ...), whatever its field. Connectors redact their free-text
// fields more closely (src/util/redact.ts redactText); this catches the field
// a connector did not expect to hold a secret (a SCIM displayName, an HR
// cell). Only the shapes: no provider id has them, so ids stay intact.
import type { GraphBatch, PropValue } from '../graph/records.js';
import { redactShapes } from '../util/redact.js';

function clean(v: PropValue | undefined): PropValue | undefined {
  // The shortest token shape is 15 characters: shorter text (most values) needs no look.
  if (typeof v === 'string') return v.length < 15 ? v : redactShapes(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' && x.length >= 15 ? redactShapes(x) : x)) as PropValue;
  return v;
}

/** Redact in place; the node key stays as it is (it is the record's identity). */
export function redactRecords(graph: GraphBatch): void {
  for (const n of graph.nodes) for (const [k, v] of Object.entries(n.props)) if (k !== 'key') n.props[k] = clean(v);
  for (const e of graph.edges) for (const [k, v] of Object.entries(e.props ?? {})) e.props![k] = clean(v);
}
