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

// The shortest token shape is 15 characters: shorter text (most values) needs no look.
const cleanText = (x: string): string => (x.length < 15 ? x : redactValue(x));

/** The value redacted: the same value when nothing in it is (a list is copied only when an item changes). */
function clean(v: PropValue | undefined): PropValue | undefined {
  if (typeof v === 'string') return cleanText(v);
  if (!Array.isArray(v)) return v;
  let out: unknown[] | null = null;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'string') continue;
    const y = cleanText(x);
    if (y !== x) (out ??= v.slice())[i] = y;
  }
  return (out ?? v) as PropValue;
}

/** Redact the properties in place: only a value that changes is written back. */
function cleanProps(props: Record<string, PropValue | undefined>, keep?: string): void {
  for (const k in props) {
    if (k === keep) continue;
    const v = props[k];
    const c = clean(v);
    if (c !== v) props[k] = c;
  }
}

/** Redact in place; the node key stays as it is (it is the record's identity). */
export function redactRecords(graph: GraphBatch): void {
  for (const n of graph.nodes) cleanProps(n.props, 'key');
  for (const e of graph.edges) if (e.props) cleanProps(e.props);
}

/**
 * The records whose key holds what looks like a secret: what each is, in
 * words (`a user record`, `the end of a HOLDS relationship`), and the key of
 * the record it belongs to (for the caller to place, never to print).
 */
export function secretKeys(graph: GraphBatch): { what: string; key: string }[] {
  const out = graph.nodes
    .filter((n) => n.key.length >= 15 && idLooksSecret(n.key))
    .map((n) => ({ what: `a ${typeof n.props.type === 'string' ? n.props.type : n.label} record`, key: n.key }));
  // A relationship names its ends by key, and an end may be a record no node of the batch has (a group only a member list names).
  for (const e of graph.edges) {
    if ([e.from, e.to].some((k) => k.length >= 15 && idLooksSecret(k))) out.push({ what: `the end of a ${e.type} relationship`, key: e.from });
  }
  return out;
}
