// Reads and validates driftgraph.yaml (or the file --config names). A missing
// default file is an empty config; a missing file the user named, or an
// invalid one, is a UsageError naming the file actually read, the key path
// and the closest valid key. No error quotes a value from the file.
import { readFile } from 'node:fs/promises';
import { parse } from '../bundled/yaml.js';
import { configSchemaFor, type Config, type ConfigSection } from './schema.js';
import { UsageError } from '../util/errors.js';
import { describeIssues, yamlErrorText } from './issues.js';

export const DEFAULT_CONFIG_FILE = 'driftgraph.yaml';

/** Which file each loaded config came from, so later checks name that file. */
const files = new WeakMap<object, string>();

/** The file a config was read from (the default name for a config built in code). */
export function configFileOf(config: Config): string {
  return files.get(config) ?? DEFAULT_CONFIG_FILE;
}

export async function loadConfig(file: string, explicit: boolean, sections: readonly ConfigSection[]): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return remember({}, file);
    throw new UsageError(`config ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (e) {
    // The parser's message quotes the offending line, which may hold a password.
    throw new UsageError(`config ${file} ${yamlErrorText(e)}`);
  }
  return parseConfig(raw, sections, file);
}

export function parseConfig(raw: unknown, sections: readonly ConfigSection[], file = DEFAULT_CONFIG_FILE): Config {
  const schema = configSchemaFor(sections);
  const result = schema.safeParse(raw);
  if (!result.success) {
    const lines = describeIssues(result.error.issues, raw, schema as never);
    throw new UsageError(`config ${file} is invalid:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  return remember(result.data as Config, file);
}

function remember(config: Config, file: string): Config {
  files.set(config, file);
  return config;
}
