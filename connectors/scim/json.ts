// A JSON file -> value, failing with the file and line of the first syntax
// error (never the file's content). Regular files only, size capped
// (connectors/lib/files.ts); null when the file is absent.
import { parseJsonText } from '../lib/json.js';
import { readRegularText } from '../lib/files.js';

export async function readJson(source: string, path: string, file: string): Promise<unknown | null> {
  const text = await readRegularText(path, file, source);
  return text === null ? null : parseJson(source, text, file);
}

export function parseJson(source: string, text: string, file: string): unknown {
  return parseJsonText(text, file, source);
}
