// Every command, loaded only when it is called. A command's module brings in
// what it needs (the store engine, the connectors, the report's chart
// renderer...), so `driftgraph --version` or `--help` loads none of them and
// `driftgraph findings` loads only the findings command's. The top-level help
// lists the commands from the `term` and `summary` below; a test checks they
// say what each command's own definition says.
import { Help, type Command } from '../bundled/commander.js';

export type Runner = (fn: () => Promise<number>) => Promise<void>;
type Register = (program: Command, run: Runner) => void;

export interface CommandEntry {
  name: string;
  /** How the top-level help names it: the name, `[options]` if it has any, its arguments. */
  term: string;
  /** The command's description, as its own definition gives it. */
  summary: string;
  load: () => Promise<Register>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'scan',
    term: 'scan [options]',
    summary: 'load a snapshot (or collect live), link, run the rules, update findings',
    load: async () => (await import('./commands/scan.js')).registerScan,
  },
  {
    name: 'collect',
    term: 'collect [options]',
    summary: 'read the live APIs into a snapshot directory (no graph, no rules)',
    load: async () => (await import('./commands/collect.js')).registerCollect,
  },
  {
    name: 'findings',
    term: 'findings [options]',
    summary: 'list findings (default: open and excepted ones) as a table, JSON (the finding contract), CSV, SARIF or OCSF',
    load: async () => (await import('./commands/findings.js')).registerFindings,
  },
  {
    name: 'query',
    term: 'query [options] <cypher>',
    summary: 'run a read-only Cypher query against the graph',
    load: async () => (await import('./commands/query.js')).registerQuery,
  },
  {
    name: 'person',
    term: 'person [options] <id>',
    summary: "a person's whole access: accounts with link method, entitlements, credentials, owned NHIs, services, recent activity, open findings",
    load: async () => (await import('./commands/person.js')).registerPerson,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary: 'the read-only web view: findings, people, the JML review queue, a Cypher console',
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'report',
    term: 'report [options]',
    summary: 'the drift report: HTML, Markdown, JSON, CSV and charts in --out; --email sends it',
    load: async () => (await import('./commands/report.js')).registerReport,
  },
  {
    name: 'rules',
    term: 'rules [options]',
    summary: 'list the rules: severity, thresholds (with the config applied), frameworks, sources they depend on',
    load: async () => (await import('./commands/rules.js')).registerRules,
  },
  {
    name: 'demo',
    term: 'demo',
    summary: 'scan the bundled demo estate (examples/demo-estate) into .driftgraph/demo.db and write the drift report',
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    name: 'tickets',
    term: 'tickets [options]',
    summary: 'open, update, close and reopen remediation tickets (GitHub Issues, Jira, a webhook) from the findings',
    load: async () => (await import('./commands/tickets.js')).registerTickets,
  },
  {
    name: 'schedule',
    term: 'schedule [options]',
    summary: 'the long-running scheduler: scans (tickets after each), the weekly report; one job at a time, every run recorded',
    load: async () => (await import('./commands/schedule.js')).registerSchedule,
  },
  {
    name: 'runs',
    term: 'runs [options]',
    summary: "the scheduler's last runs (newest first): job, start, end, outcome, exit code, errors",
    load: async () => (await import('./commands/runs.js')).registerRuns,
  },
  {
    name: 'compact',
    term: 'compact [options]',
    summary: "give back the space the embedded store's file holds for old versions (a scan does it by itself past store.compactAbove)",
    load: async () => (await import('./commands/compact.js')).registerCompact,
  },
  {
    name: 'revoke',
    term: 'revoke [options]',
    summary: 'plan the revocations the policy (revocation: in driftgraph.yaml) allows; --apply sends them',
    load: async () => (await import('./commands/revoke.js')).registerRevoke,
  },
  {
    name: 'review',
    term: 'review',
    summary: 'access reviews: owners and managers confirm what may stay; decisions feed revocation',
    load: async () => (await import('./commands/review-tools.js')).registerReview,
  },
  {
    name: 'revocations',
    term: 'revocations [options]',
    summary: 'the revocation audit trail: every action driftgraph planned, sent, skipped, failed or undid',
    load: async () => (await import('./commands/revocations.js')).registerRevocations,
  },
];

/**
 * Registers every command on `program`: in full (its module loaded) when
 * `load` says so, else as a name and summary for the top-level help only.
 * A command that is not loaded cannot run: its name is not on the command line.
 */
export async function registerCommands(program: Command, run: Runner, load: (name: string) => boolean): Promise<void> {
  const listed = new Map<Command, string>();
  for (const entry of COMMANDS) {
    if (load(entry.name)) {
      (await entry.load())(program, run);
    } else {
      listed.set(program.command(entry.name).description(entry.summary), entry.term);
    }
  }
  program.configureHelp({
    subcommandTerm(this: Help, cmd: Command) {
      return listed.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
}

/** The commands named on a command line (`findings ...`, `help findings`): the ones to load. */
export function commandsNamedIn(argv: string[]): Set<string> {
  const names = new Set(COMMANDS.map((c) => c.name));
  const end = argv.indexOf('--');
  return new Set((end < 0 ? argv : argv.slice(0, end)).filter((a) => names.has(a)));
}
