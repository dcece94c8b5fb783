// Neo4j at the boundary, no server needed: the driver's own value types
// converted to what the embedded store gives, parameters converted to what
// the driver needs, and an unreachable server reported without the password.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import neo4j from 'neo4j-driver';
import { openNeo4jStore } from '../src/graph/neo4j-store.js';
import { fromNeo4jRecord, fromNeo4jValue, relationshipEndIds, toNeo4jParams } from '../src/graph/neo4j-values.js';
import { nodeRef } from '../src/graph/store.js';

test('Neo4j: an unreachable server fails naming the URI, never the password', async () => {
  const uri = 'bolt://127.0.0.1:9';
  await assert.rejects(
    openNeo4jStore({ uri, user: 'neo4j', password: 's3cret-pw' }),
    (e: unknown) => (e as Error).message.includes(`Neo4j at ${uri}`) && !(e as Error).message.includes('s3cret-pw'),
  );
});

// ---- Neo4j value conversion: the driver's own types, no server needed ------

describe('Neo4j values at the boundary', () => {
  const { Node, Relationship, Path, PathSegment, DateTime, Date: Neo4jDate, Duration } = neo4j.types;
  const int = neo4j.int;

  test('driver values come out as the embedded store gives them', () => {
    const a = new Node(int(1), ['Entity', 'Person'], { key: 'k1', level: int(3), score: 1.5, tags: ['a'] }, 'e1');
    const b = new Node(int(2), ['Entity', 'Identity'], { key: 'k2' }, 'e2');
    const r = new Relationship(int(7), int(2), int(1), 'LINKED_TO', { method: 'email', n: int(2) }, 'r7', 'e2', 'e1');
    assert.deepEqual(fromNeo4jValue(a), { _labels: ['Entity', 'Person'], key: 'k1', level: 3, score: 1.5, tags: ['a'] });
    assert.deepEqual(fromNeo4jValue(r), { _type: 'LINKED_TO', method: 'email', n: 2 });
    const path = new Path(b, a, [new PathSegment(b, r, a)]);
    assert.deepEqual(fromNeo4jValue(path), {
      nodes: [
        { _labels: ['Entity', 'Identity'], key: 'k2' },
        { _labels: ['Entity', 'Person'], key: 'k1', level: 3, score: 1.5, tags: ['a'] },
      ],
      edges: [{ _type: 'LINKED_TO', method: 'email', n: 2 }],
    });

    // A read names a relationship's end nodes: their ids are collected (inside
    // lists, maps and paths too), looked up, and put beside the relationship.
    const record = { keys: ['r', 'm'], get: (k: PropertyKey) => (k === 'r' ? r : { rs: [r], p: path }) };
    assert.deepEqual(relationshipEndIds([record]).sort(), ['e1', 'e2']);
    const refs = new Map([['e1', nodeRef(a.labels, a.properties)], ['e2', nodeRef(b.labels, b.properties)]]);
    const row = fromNeo4jRecord(record, (id) => refs.get(id) ?? null);
    const linked = { _type: 'LINKED_TO', _start: { _labels: ['Entity', 'Identity'], key: 'k2' }, _end: { _labels: ['Entity', 'Person'], key: 'k1' }, method: 'email', n: 2 };
    assert.deepEqual(row.r, linked);
    assert.deepEqual((row.m as { rs: unknown[] }).rs, [linked]);
    assert.deepEqual((row.m as { p: { edges: unknown[] } }).p.edges, [linked]);
    assert.equal(fromNeo4jValue(int(42)), 42);
    assert.equal(fromNeo4jValue(int('9007199254740993')), '9007199254740993');
    assert.deepEqual(fromNeo4jValue({ xs: [int(1), { y: int(2) }], s: 'x', nil: null }), {
      xs: [1, { y: 2 }],
      s: 'x',
      nil: null,
    });
    assert.equal(fromNeo4jValue(new DateTime(2024, 1, 2, 3, 4, 5, 0, 0)), '2024-01-02T03:04:05Z');
    assert.equal(fromNeo4jValue(new DateTime(2024, 1, 2, 3, 4, 5, 120_000_000, 0)), '2024-01-02T03:04:05.12Z');
    assert.equal(fromNeo4jValue(new DateTime(2024, 1, 2, 3, 4, 5, 0, 7200)), '2024-01-02T03:04:05+02:00');
    assert.equal(fromNeo4jValue(new Neo4jDate(2024, 1, 2)), '2024-01-02');
    assert.equal(typeof fromNeo4jValue(new Duration(0, 3, 0, 0)), 'string');
  });

  test('whole-number parameters go as Integer, fractions as floats, lists stay homogeneous', () => {
    const p = toNeo4jParams({
      n: 3,
      f: 1.5,
      big: 1e300,
      ints: [1, 2],
      mixed: [1, 2.5],
      rows: [{ key: 'k', props: { level: 2, name: "O'Brien" } }],
      when: new globalThis.Date('2024-01-02T03:04:05.000Z'),
      nothing: null,
    });
    assert.ok(neo4j.isInt(p.n) && (p.n as ReturnType<typeof int>).toNumber() === 3);
    assert.equal(p.f, 1.5);
    assert.equal(p.big, 1e300);
    assert.ok((p.ints as unknown[]).every((x) => neo4j.isInt(x)));
    assert.deepEqual(p.mixed, [1, 2.5]);
    const row = (p.rows as { key: string; props: Record<string, unknown> }[])[0]!;
    assert.equal(row.key, 'k');
    assert.ok(neo4j.isInt(row.props.level));
    assert.equal(row.props.name, "O'Brien");
    assert.ok(neo4j.isDateTime(p.when));
    assert.equal(p.nothing, null);
  });
});
