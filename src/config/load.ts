// Reads and validates driftgraph.yaml (or the file --config names). A missing
// default file is an empty config; a missing file the user named, or an
// invalid one, is a UsageError naming the file actually read, the key path
// and the closest valid key. No error quotes a value from the file.
//
// The YAML parser, the schemas and the connectors' sections are loaded only
// when there is a file to check (parse.ts): a command run with no config file
// (an analyst's `query --db ...`) starts without them.
import { readFile } from 'node:fs/promises';
import type { Config, ConfigSection } from './schema.js';
import { UsageError } from '../util/errors.js';

// Which file a config came from lives in config-file.ts, which parse.ts shares.
export { DEFAULT_CONFIG_FILE, configFileOf } from './config-file.js';
import { remember } from './config-file.js';

/** The config sections beyond the core keys, or a call that loads them (only when a file is read). */
export type Sections = readonly ConfigSection[] | (() => Promise<readonly ConfigSection[]>);

export async function loadConfig(file: string, explicit: boolean, sections: Sections): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return remember({}, file);
    throw new UsageError(`config ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const [{ parseConfigText }, known] = await Promise.all([import('./parse.js'), typeof sections === 'function' ? sections() : sections]);
  return parseConfigText(text, known, file);
}
