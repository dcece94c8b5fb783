// The program of the query check process (check-process.ts). The build
// bundles it with Neo4j's generated parser (scripts/build-query-check.mjs)
// and runs it once with --build-snapshot: it takes the parser's parts, judges
// the warm-up queries (the saved queries and the rules) so the parser's
// caches are filled, and V8 keeps that heap. Each process started from the
// snapshot reads one query on stdin and writes the verdict on stdout.
import v8 from 'node:v8';
import { useCypherParser, type CypherParserParts } from './cypher-parser.js';
import { judgeQuery } from './check-query.js';

export function buildCheckSnapshot(parts: CypherParserParts, warmUp: string[]): void {
  useCypherParser(parts);
  for (const cypher of warmUp) judgeQuery(cypher);
  v8.startupSnapshot.setDeserializeMainFunction(judgeOne);
}

/** One query in (`{"cypher": ...}`), its verdict out with the text it is for; no input, no answer. */
function judgeOne(): void {
  const chunks: Buffer[] = [];
  process.stdin.on('data', (d: Buffer) => chunks.push(d));
  process.stdin.on('end', () => {
    if (!chunks.length) return;
    const { cypher } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { cypher: string };
    process.stdout.write(JSON.stringify({ cypher, ...judgeQuery(cypher) }));
  });
}
