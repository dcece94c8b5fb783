// The command registry loads a command only when it is named, so the
// top-level help lists every command from command-list.ts's own words. Each
// entry must say what the command's definition says, or `driftgraph --help`
// would drift from `driftgraph <command> --help`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, Help } from 'commander';
import { COMMANDS, commandsNamedIn, registerCommands } from '../src/cli/command-list.js';

const noRun = async () => {};

test('each entry names, describes and shows its command as the command itself does', async () => {
  for (const entry of COMMANDS) {
    const program = new Command('driftgraph');
    (await entry.load())(program, noRun);
    assert.deepEqual(program.commands.map((c) => c.name()), [entry.name], `${entry.name}: its module registers it alone`);
    const cmd = program.commands[0]!;
    assert.equal(entry.summary, cmd.description(), `${entry.name}: summary`);
    assert.equal(entry.term, new Help().subcommandTerm(cmd), `${entry.name}: term`);
  }
});

test('the top-level help is the same whether the commands are loaded or only listed', async () => {
  const help = async (load: boolean) => {
    const program = new Command('driftgraph').option('--db <path>', 'the store');
    await registerCommands(program, noRun, () => load);
    return program.helpInformation();
  };
  assert.equal(await help(false), await help(true));
});

test('the commands to load are those named on the command line, before --', () => {
  assert.deepEqual([...commandsNamedIn(['--version'])], []);
  assert.deepEqual([...commandsNamedIn(['--db', 'x.db', 'findings', '--format', 'json'])], ['findings']);
  assert.deepEqual([...commandsNamedIn(['help', 'query'])], ['query']);
  assert.deepEqual([...commandsNamedIn(['query', '--', 'scan'])], ['query']);
});
