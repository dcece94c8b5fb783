// A JSON file -> value, failing with the file and line of the first syntax
// error (never the file's content). Regular files only, size capped
// (connectors/lib/files.ts); null when the file is absent.
import { errorOffset } from '../lib/json.js';
import { readRegularText } from '../lib/files.js';
import { SourceError } from '../../src/util/errors.js';

export async function readJson(source: string, path: string, file: string): Promise<unknown | null> {
  const text = await readRegularText(path, file, source);
  return text === null ? null : parseJson(source, text, file);
}

export function parseJson(source: string, text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch {
    const offset = errorOffset(body);
    let line = 1;
    for (let i = 0; i < offset && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
    throw new SourceError(source, 'not valid JSON', { file, line: offset >= 0 ? line : undefined });
  }
}
