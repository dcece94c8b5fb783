// Every figure of the report is one of the saved analyst queries in
// queries/saved/, run as it is: an analyst who runs the same file with
// `driftgraph query --file` gets the same number.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphStore, Params, Row } from '../src/graph/store.js';
import { packagePath } from '../src/util/package-root.js';

export function savedQueryPath(name: string): string {
  return join(packagePath('queries', 'saved'), `${name}.cypher`);
}

export async function runSaved(store: GraphStore, name: string, params: Params = {}): Promise<Row[]> {
  const cypher = await readFile(savedQueryPath(name), 'utf8');
  return store.read(cypher, params);
}
