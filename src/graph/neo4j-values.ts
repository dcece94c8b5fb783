// The Neo4j adapter's boundary: driver types in and out. What leaves is the
// same plain JS the embedded store gives (see grafeo-store.ts plainValue):
// numbers, strings, booleans, lists, maps; a node is its properties plus
// `_labels`, a relationship its properties plus `_type`, a path
// `{nodes, edges}`, a temporal value its ISO text.
import neo4j from 'neo4j-driver';
import type { NodeRef, Params, Row } from './store.js';

const { isInt, isNode, isRelationship, isUnboundRelationship, isPath } = neo4j;
const { isDate, isDateTime, isLocalDateTime, isLocalTime, isTime, isDuration, isPoint } = neo4j;

/**
 * `2024-01-02T03:04:05.120000000Z` -> `2024-01-02T03:04:05.12Z`: the driver
 * prints nine fraction digits; Grafeo prints only the significant ones (and
 * none for a whole second). Trim so both stores give the same text.
 */
function trimFraction(iso: string): string {
  return iso.replace(/\.(\d+)/, (_m, digits: string) => {
    const kept = digits.replace(/0+$/, '');
    return kept ? `.${kept}` : '';
  });
}

/** Looks up a relationship's end node by element id (see NodeRef in store.ts). */
export type EndLookup = (elementId: string) => NodeRef | null;

/** The element ids of every relationship's end nodes in these records (inside lists and maps too). */
export function relationshipEndIds(records: { keys: readonly PropertyKey[]; get(key: PropertyKey): unknown }[]): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (isRelationship(v)) {
      ids.add(v.startNodeElementId);
      ids.add(v.endNodeElementId);
    } else if (isPath(v)) v.segments.forEach((seg) => walk(seg.relationship));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (!isNode(v) && Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(walk);
  };
  for (const r of records) for (const k of r.keys) walk(r.get(k));
  return [...ids];
}

/** One value from a Neo4j record to plain JS; with `ends`, relationships name their end nodes. */
export function fromNeo4jValue(v: unknown, ends?: EndLookup): unknown {
  if (v === null || v === undefined) return null;
  if (isInt(v)) return v.inSafeRange() ? v.toNumber() : v.toString();
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (typeof v !== 'object') return v;
  if (isNode(v)) return { _labels: [...v.labels], ...fromNeo4jMap(v.properties) };
  if (isRelationship(v) && ends) {
    return { _type: v.type, _start: ends(v.startNodeElementId), _end: ends(v.endNodeElementId), ...fromNeo4jMap(v.properties) };
  }
  if (isRelationship(v) || isUnboundRelationship(v)) return { _type: v.type, ...fromNeo4jMap(v.properties) };
  if (isPath(v)) {
    // Grafeo returns a path as `{nodes, edges}`; do the same.
    const nodes = [fromNeo4jValue(v.start)];
    const edges: unknown[] = [];
    for (const seg of v.segments) {
      edges.push(fromNeo4jValue(seg.relationship, ends));
      nodes.push(fromNeo4jValue(seg.end));
    }
    return { nodes, edges };
  }
  if (isDateTime(v) || isLocalDateTime(v) || isTime(v) || isLocalTime(v)) return trimFraction(v.toString());
  if (isDate(v) || isDuration(v) || isPoint(v)) return v.toString();
  if (Array.isArray(v)) return v.map((x) => fromNeo4jValue(x, ends));
  if (ArrayBuffer.isView(v) || v instanceof Date) return v;
  return fromNeo4jMap(v as Record<string, unknown>, ends);
}

function fromNeo4jMap(m: Record<string, unknown>, ends?: EndLookup): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(m)) out[k] = fromNeo4jValue(val, ends);
  return out;
}

/** A driver Record (anything with keys and get) to a plain row. */
export function fromNeo4jRecord(record: { keys: readonly PropertyKey[]; get(key: PropertyKey): unknown }, ends?: EndLookup): Row {
  const row: Row = {};
  for (const key of record.keys) row[String(key)] = fromNeo4jValue(record.get(key), ends);
  return row;
}

/** Whole and exactly representable: 1e300 is "whole" but no int64. */
function isWhole(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/**
 * One parameter value to what the driver should send. JS has one number
 * type and the driver sends every number as a float, which `LIMIT $n`,
 * `range()`, `SKIP` and list indexes refuse: whole numbers go as Integer.
 * A list of numbers with any fraction stays all floats, because Neo4j
 * refuses a property list that mixes integers and floats. A Date goes as a
 * DateTime, a bigint as Integer; maps and lists are converted inside.
 */
export function toNeo4jValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (isWhole(v)) return neo4j.int(v);
  if (typeof v === 'bigint') return neo4j.int(v.toString());
  if (v instanceof Date) return neo4j.types.DateTime.fromStandardDate(v);
  if (Array.isArray(v)) {
    if (v.some((x) => typeof x === 'number' && !isWhole(x))) {
      return v.map((x) => (typeof x === 'number' ? x : toNeo4jValue(x)));
    }
    return v.map(toNeo4jValue);
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k] = toNeo4jValue(val);
    return out;
  }
  return v;
}

/** Query parameters for the driver: see toNeo4jValue. */
export function toNeo4jParams(params: Params = {}): Record<string, unknown> {
  return toNeo4jValue(params) as Record<string, unknown>;
}
