// The rules a command works with: the built-in ones (queries/rules/) plus,
// with the global `--rules DIR`, a team's own rule files. A team's file gets
// the checks a built-in one gets in the test suite (header, Neo4j's parser
// and semantic analysis) and those a query gets (it may only read), before
// any scan runs it; a bad file is bad usage (exit 2) naming the file.
import { readdir, stat } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadRules, parseRuleFile, type RuleFile } from '../rules/rule-file.js';
import { registry } from './registry.js';
import { UsageError } from '../util/errors.js';
import { cliConfig, type GlobalOptions } from './context.js';

const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Built-in rules, then the team's (`--rules DIR`, else the config's `rulesDir`), each id once. */
export async function cliRules(g: GlobalOptions): Promise<RuleFile[]> {
  const builtIn = await loadRules();
  if (g.rules) return [...builtIn, ...(await loadTeamRules(g.rules, builtIn))];
  const { config, configDir } = await cliConfig(g);
  if (!config.rulesDir) return builtIn;
  // Like exceptionsFile, rulesDir is relative to the config file.
  return [...builtIn, ...(await loadTeamRules(resolve(configDir, config.rulesDir), builtIn, 'config rulesDir'))];
}

async function ruleFiles(dir: string, named: string): Promise<string[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`${named} ${dir}: no such directory`);
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.cypher'))
    .map((e) => join(dir, e.name))
    .sort();
  if (!files.length) throw new UsageError(`${named} ${dir}: no .cypher rule files in it`);
  return files;
}

/** `named` is how the user gave the folder (`--rules` or `config rulesDir`): errors say it. */
export async function loadTeamRules(dir: string, builtIn: RuleFile[], named = '--rules'): Promise<RuleFile[]> {
  // Neo4j's parser is large: loaded only when there are team rules to check.
  await (await import('../queries/cypher-parser.js')).loadCypherParser();
  const { refusalOf } = await import('../queries/read-only.js');
  const { ERROR, lintCypher } = await import('../rules/lint.js');
  const { plainQuery, AmbiguousQueryError } = await import('../queries/query-text.js');
  const seen = new Map(builtIn.map((r) => [r.id, r.file]));
  const rules: RuleFile[] = [];
  for (const file of await ruleFiles(resolve(dir), named)) {
    const text = await readFile(file, 'utf8');
    let rule: RuleFile;
    try {
      rule = parseRuleFile(text, file);
    } catch (e) {
      throw new UsageError(`${named}: ${(e as Error).message}`);
    }
    if (!RULE_ID.test(rule.id)) throw new UsageError(`${named}: ${file}: the id "${rule.id}" is not lower-case words joined by -`);
    const clash = seen.get(rule.id);
    if (clash) throw new UsageError(`${named}: ${file}: the id ${rule.id} is already the rule ${clash}`);
    seen.set(rule.id, file);
    if (!rule.cypher) throw new UsageError(`${named}: ${file}: no query after the header`);
    const sources = registry.map((c) => c.source);
    for (const s of rule.dependsOn) {
      if (!sources.includes(s)) throw new UsageError(`${named}: ${file}: depends-on ${s} is not a source (${sources.join(', ')})`);
    }
    const error = lintCypher(text).find((p) => p.severity === ERROR);
    if (error) throw new UsageError(`${named}: ${file} line ${error.line}, column ${error.column}: ${error.message}`);
    const refusal = refusalOf(rule.cypher);
    if (refusal) throw new UsageError(`${named}: ${file}: a rule only reads the graph: ${refusal}`);
    // As for `query`: the scan runs the plain form the check approved, never the text as written.
    let plain: string;
    try {
      plain = plainQuery(rule.cypher);
    } catch (e) {
      if (e instanceof AmbiguousQueryError) throw new UsageError(`${named}: ${file}: the stores could read this rule differently: ${e.message}`);
      throw e;
    }
    const again = lintCypher(plain).find((p) => p.severity === ERROR)?.message ?? refusalOf(plain);
    if (again) throw new UsageError(`${named}: ${file}: a rule only reads the graph: its plain form fails the check: ${again}`);
    rules.push({ ...rule, cypher: plain });
  }
  return rules;
}
