// A config file's text checked against the schemas (load.ts reads the file):
// a UsageError names the file, the key path and the closest valid key, and
// quotes no value from the file.
import { parse } from '../bundled/yaml.js';
import { configSchemaFor, type Config, type ConfigSection } from './schema.js';
import { UsageError } from '../util/errors.js';
import { describeIssues, yamlErrorText } from './issues.js';
import { DEFAULT_CONFIG_FILE, remember } from './config-file.js';

export function parseConfigText(text: string, sections: readonly ConfigSection[], file: string): Config {
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
