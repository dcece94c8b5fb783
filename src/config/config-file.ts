// Which file each loaded config came from, so later checks (a rule's
// threshold, a ticket route) name the file the user wrote.
import type { Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'driftgraph.yaml';

const files = new WeakMap<object, string>();

/** The file a config was read from (the default name for a config built in code). */
export function configFileOf(config: Config): string {
  return files.get(config) ?? DEFAULT_CONFIG_FILE;
}

/** Notes the file `config` was read from, and returns it. */
export function remember(config: Config, file: string): Config {
  files.set(config, file);
  return config;
}
