// The query guard loads Neo4j's generated parser by file (src/queries/cypher-parser.ts),
// not the package's entry. This holds it to the package's own API on the
// shipped queries and on generated ones (comments, line breaks, strings,
// names, numbers, several statements, broken text):
//   - the parse tree is getDebugTree's;
//   - a syntax error the package's linter finds, it finds too, and the
//     shipped queries have none (the linter's meaning checks are left to the
//     store that runs the query);
//   - its tokens are the highlighter's, where the highlighter splits no
//     token: each highlighted token is whole tokens here, comments alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { getDebugTree, highlightSyntax, lintCypherQuery } from '@neo4j-cypher/language-support';
import { cypherSyntaxErrors, cypherTokens, cypherTree, loadCypherParser } from '../src/queries/cypher-parser.js';
import { ERROR } from '../src/rules/lint.js';

const ROOT = new URL('../', import.meta.url).pathname;

function cypherFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cypherFiles(join(dir, e.name)) : e.name.endsWith('.cypher') ? [join(dir, e.name)] : [],
  );
}

const BITS = [
  'MATCH', 'RETURN', 'WITH', 'WHERE', 'CREATE', 'LOAD CSV FROM', 'CALL', 'db.labels()', '(n:Person)', '-[r:MEMBER_OF]->',
  'n.key', 'count(*)', 'AS', 'x', '`a b`', '``', "'it''s'", "'a\\'b'", '"q"', "'\\u00e9'", '-1', '- 1', '1_000', '0x1F', '.5',
  '//c\n', '//c\r', '/* c */', '/*', '*/', '\r\n', '\n', '\u2028', '\u00a0', ' ', ';', '{', '}', '[', ']', ',', '=', '<>',
  'é', '😀', "'😀'", '$p', '$`p q`', 'UNION', 'OPTIONAL MATCH', 'ORDER BY', 'LIMIT 5',
];
const generated = fc.array(fc.constantFrom(...BITS), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));

const VALID = [
  'MATCH (n) RETURN count(n)',
  "MATCH (p:Person) // who\r\nWHERE p.email = 'a\\'b' /* c */ RETURN p.email AS `e mail`;",
  'WITH -1 AS x, 1_000 AS y, 0x1F AS z RETURN x, y, z',
  "RETURN '😀' AS s, 'é' AS t",
  'CALL db.labels() YIELD label RETURN label',
  'MATCH (a)-[r]->(b) RETURN a, r, b UNION MATCH (a) RETURN a, null AS r, null AS b',
];

function check(query: string, known = false): void {
  assert.deepEqual(cypherTree(query), getDebugTree(query), `tree of ${JSON.stringify(query)}`);

  // Every syntax error the linter finds, the parser finds too (the guard
  // never lets through what Neo4j calls broken). The parser is the stricter
  // of the two: the linter lets some text through ("[ RETURN 1") that the
  // grammar does not read, and the guard refuses it. The linter is slow:
  // asked only for generated text.
  const ours = cypherSyntaxErrors(query);
  if (!known && ours.length === 0) {
    const linted = lintCypherQuery(query, {}).diagnostics.filter((d) => (d.severity ?? ERROR) === ERROR);
    assert.deepEqual(linted.filter((d) => /^Invalid input|Failed to parse/.test(String(d.message))), [], `${JSON.stringify(query)}: the linter finds a syntax error the parser does not`);
  }

  // A highlighted token that spans lines is split by the highlighter; so is an unfinished one.
  if (ours.length > 0 || /[\n\r\u2028\u2029]/.test(query)) return;
  const tokens = cypherTokens(query);
  const starts = new Map(tokens.map((t, i) => [t.start, i]));
  for (const h of highlightSyntax(query)) {
    const start = h.position.startOffset;
    const end = start + h.length;
    if (/[\uD800-\uDFFF]/.test(query)) continue; // the highlighter counts code points, the text UTF-16 units
    const first = starts.get(start);
    assert.ok(first !== undefined, `${JSON.stringify(query)}: no token starts where ${JSON.stringify(query.slice(start, end))} does`);
    let i = first;
    while (tokens[i]!.end < end) {
      assert.equal(tokens[i + 1]?.start, tokens[i]!.end, `${JSON.stringify(query)}: ${JSON.stringify(query.slice(start, end))} is one token there, with a gap here`);
      i += 1;
    }
    assert.equal(tokens[i]!.end, end, `${JSON.stringify(query)}: ${JSON.stringify(query.slice(start, end))} ends inside a token here`);
    assert.equal(tokens.slice(first, i + 1).some((t) => t.comment), h.tokenType === 'comment', JSON.stringify(query));
  }
}

test('the parser loaded by file reads the shipped queries as the package does', async () => {
  await loadCypherParser();
  const files = cypherFiles(join(ROOT, 'queries'));
  assert.ok(files.length > 20, 'the shipped rules and saved queries are found');
  // The shipped files lint clean (test/cypher-lint.test.ts): no error here either.
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    check(text, true);
    assert.deepEqual(cypherSyntaxErrors(text), [], file);
  }
  for (const q of VALID) {
    check(q);
    assert.deepEqual(cypherSyntaxErrors(q), [], q);
  }
});

test('the parser loaded by file reads generated queries as the package does', async () => {
  await loadCypherParser();
  fc.assert(fc.property(generated, (q) => check(q)), { numRuns: 200, seed: Number(process.env.DRIFTGRAPH_FUZZ_SEED ?? 20261205) });
});

test('token places are in UTF-16 units, past characters outside the BMP', async () => {
  await loadCypherParser();
  const q = "RETURN '😀' AS s, 1 AS `😀x`";
  const texts = cypherTokens(q).map((t) => q.slice(t.start, t.end));
  assert.deepEqual(texts, ['RETURN', "'😀'", 'AS', 's', ',', '1', 'AS', '`😀x`']);
});
