// The last net before the store: every text value a connector hands over is
// redacted whatever its field (src/util/redact.ts redactValue): a value with
// whitespace is text, and every token-shaped part of it is replaced; a value
// without is possibly an identifier, and only the well-known token formats
// (a private key, ghp_, a JWT, ...) are replaced in it. Connectors validate
// their identifiers against the provider's format and redact their free text
// themselves (connectors/lib/id-formats.ts); this catches the field a
// connector did not expect to hold a secret. A record's key is its identity
// and is never rewritten: a container with a key that holds a secret is not
// written at all (secretKeys).
import type { GraphBatch, PropValue } from '../graph/records.js';
import { idLooksSecret, redactValue } from '../util/redact.js';

function clean(v: PropValue | undefined): PropValue | undefined {
  // The shortest token shape is 15 characters: shorter text (most values) needs no look.
  if (typeof v === 'string') return v.length < 15 ? v : redactValue(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' && x.length >= 15 ? redactValue(x) : x)) as PropValue;
  return v;
}

/** Redact in place; the node key stays as it is (it is the record's identity). */
export function redactRecords(graph: GraphBatch): void {
  for (const n of graph.nodes) for (const [k, v] of Object.entries(n.props)) if (k !== 'key') n.props[k] = clean(v);
  for (const e of graph.edges) for (const [k, v] of Object.entries(e.props ?? {})) e.props![k] = clean(v);
}

/**
 * The records whose key holds what looks like a secret: what kind of record
 * each is (its `type`, such as `user` or `access-key`, else its label) and
 * its key (for the caller to place, never to print).
 */
export function secretKeys(graph: GraphBatch): { kind: string; key: string }[] {
  return graph.nodes
    .filter((n) => n.key.length >= 15 && idLooksSecret(n.key))
    .map((n) => ({ kind: typeof n.props.type === 'string' ? n.props.type : n.label, key: n.key }));
}
