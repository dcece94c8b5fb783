// The largest value the stores take in one property. The embedded engine
// refuses a property over 16 MiB ("value exceeds maximum size"), and it does
// so only when the batch holding it is written, after earlier batches
// committed. Checked before anything of a container is written, so a
// container with such a value is refused whole, named, with nothing written.
import type { GraphBatch } from './records.js';

export const MAX_VALUE_BYTES = 16 * 1024 * 1024 - 64 * 1024;

function bytesOf(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + bytesOf(x) + 8, 0);
  if (v && typeof v === 'object') return Buffer.byteLength(JSON.stringify(v), 'utf8');
  return 8;
}

/**
 * bytesOf's upper bound, without measuring: UTF-8 takes at most 3 bytes a
 * UTF-16 unit, and an object is measured always. A value under the limit by
 * this bound (nearly all) is not measured at all.
 */
function atMostBytes(v: unknown): number {
  if (typeof v === 'string') return v.length * 3;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + atMostBytes(x) + 8, 0);
  if (v && typeof v === 'object') return Infinity;
  return 8;
}

export interface OversizedValue {
  /** The record's container (`props.container`), '' when it has none. */
  container: string;
  key: string;
  property: string;
  bytes: number;
}

/** Every record property (nodes and relationships) larger than the stores take, at most one per container. */
export function oversizedValues(graph: GraphBatch, limit = MAX_VALUE_BYTES): OversizedValue[] {
  const out = new Map<string, OversizedValue>();
  const check = (container: string, key: string, props: Record<string, unknown>) => {
    if (out.has(container)) return;
    for (const property in props) {
      const v = props[property];
      if (atMostBytes(v) <= limit) continue;
      const bytes = bytesOf(v);
      if (bytes > limit) {
        out.set(container, { container, key, property, bytes });
        return;
      }
    }
  };
  const containerOfKey = new Map<string, string>();
  for (const n of graph.nodes) {
    const container = String(n.props.container ?? '');
    containerOfKey.set(n.key, container);
    check(container, n.key, n.props);
  }
  for (const e of graph.edges) check(containerOfKey.get(e.from) ?? '', `${e.type} ${e.from} -> ${e.to}`, e.props ?? {});
  return [...out.values()];
}
