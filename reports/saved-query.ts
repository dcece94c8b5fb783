// Every figure of the report is one of the saved analyst queries in
// queries/saved/, run as it is: an analyst who runs the same file with
// `driftgraph query --file` gets the same number.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { GraphStore, Params, Row } from '../src/graph/store.js';

const SAVED = new URL('../queries/saved/', import.meta.url);

export function savedQueryPath(name: string): string {
  return fileURLToPath(new URL(`${name}.cypher`, SAVED));
}

export async function runSaved(store: GraphStore, name: string, params: Params = {}): Promise<Row[]> {
  const cypher = await readFile(savedQueryPath(name), 'utf8');
  return store.read(cypher, params);
}
