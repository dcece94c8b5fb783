// Reads and validates driftgraph.yaml. A missing default file is an empty
// config; a missing file the user named, or an invalid one, is a UsageError
// naming the file and the key.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { configSchemaFor, type Config, type ConfigSection } from './schema.js';
import { UsageError } from '../util/errors.js';

export async function loadConfig(file: string, explicit: boolean, sections: readonly ConfigSection[]): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return {};
    throw new UsageError(`config ${file}: cannot be read (${(e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    throw new UsageError(`config ${file}: not valid YAML: ${(e as Error).message}`);
  }
  return parseConfig(raw, sections, file);
}

export function parseConfig(raw: unknown, sections: readonly ConfigSection[], file = 'driftgraph.yaml'): Config {
  const result = configSchemaFor(sections).safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new UsageError(`config ${file} is invalid:\n${lines.join('\n')}`);
  }
  return result.data as Config;
}
