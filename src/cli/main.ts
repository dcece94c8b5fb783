// driftgraph's command line. Exit codes scripts can trust: 0 done (every
// source loaded), 1 something failed (a source, the store), 2 bad usage or
// config (including a write sent to `query`), 3 `scan --fail-on` found open
// findings at or above the given severity.
import { Command, CommanderError } from '../bundled/commander.js';
import { VERSION } from './version.js';
import { commandsNamedIn, registerCommands } from './command-list.js';
import { UsageError } from '../util/errors.js';
import { terminalSafe } from '../util/escape.js';
import { ReadOnlyQueryError, StoreLockedError } from '../graph/store.js';

function exitCodeFor(e: unknown): number {
  if (e instanceof UsageError || e instanceof ReadOnlyQueryError) return 2;
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run = async (fn: () => Promise<number>) => {
    code = await fn();
  };
  const program = new Command('driftgraph')
    .description('Finds access that no longer fits: leavers, movers, orphaned NHIs, stale and long-lived credentials.')
    .option('--db <path>', 'the embedded graph database file', undefined)
    .option('--neo4j <uri>', 'use Neo4j at this bolt URI (or NEO4J_URI; NEO4J_USER, NEO4J_PASSWORD)')
    .option('--config <file>', 'the config file (default driftgraph.yaml)')
    .option('--rules <dir>', "a folder of the team's own rule files (.cypher), checked and added to the built-in rules")
    .option('-q, --quiet', 'no progress lines on stderr')
    .version(VERSION, '--version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  // Only the commands named on this command line are loaded (start-up time).
  const named = commandsNamedIn(argv);
  await registerCommands(program, run, (name) => named.has(name));
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok; 1 a source or the store failed; 2 bad usage or config;\n' +
      '            3 scan --fail-on: open findings at or above that severity.\n' +
      'Examples:\n' +
      '  driftgraph scan --from examples/demo-estate\n' +
      '  driftgraph findings --severity critical,high --format json\n' +
      '  driftgraph query "MATCH (a:Account)-[l:LINKED_TO]->(p:Person) RETURN a.name, l.method, p.email"\n',
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return exitCodeFor(e);
    const message = e instanceof Error ? e.message : String(e);
    // A message may quote a provider name: each line is made inert.
    process.stderr.write(`driftgraph: ${message.split('\n').map(terminalSafe).join('\n')}\n`);
    if (!(e instanceof UsageError || e instanceof ReadOnlyQueryError || e instanceof StoreLockedError) && process.env.DRIFTGRAPH_DEBUG) {
      process.stderr.write(`${String((e as Error).stack).split('\n').map(terminalSafe).join('\n')}\n`);
    }
    return exitCodeFor(e);
  }
}
