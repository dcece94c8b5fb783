// Reads and validates driftgraph.yaml (or the file --config names). A missing
// default file is an empty config; a missing file the user named, or an
// invalid one, is a UsageError naming the file actually read, the key path
// and the closest valid key. No error quotes a value from the file.
//
// The YAML parser, the schemas and the connectors' sections are loaded only
// when there is a file to check (parse.ts): a command run with no config file
// (an analyst's `query --db ...`) starts without them.
// Which file a config came from: config-file.ts (configFileOf).
import { readFile } from 'node:fs/promises';
import type { Config, ConfigSection } from './schema.js';
import { UsageError } from '../util/errors.js';
import { remember } from './config-file.js';

/** `sections`: loads the config sections beyond the core keys; called only when there is a file to check. */
export async function loadConfig(file: string, explicit: boolean, sections: () => Promise<readonly ConfigSection[]>): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return remember({}, file);
    throw new UsageError(`config ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const [{ parseConfigText }, known] = await Promise.all([import('./parse.js'), sections()]);
  return parseConfigText(text, known, file);
}
