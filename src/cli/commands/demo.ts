// `npm start`: scan the bundled demo estate into the embedded store, print the
// summary and the findings by rule, and write the drift report. No server, no
// credentials, no network.
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { scanCommand } from './scan.js';
import { cliConfig, cliStore, type GlobalOptions } from '../context.js';
import { writeReport } from './report.js';
import { findingsByRule } from '../summary.js';

export const DEMO_ESTATE = fileURLToPath(new URL('../../../examples/demo-estate/', import.meta.url));

export async function demoCommand(g: GlobalOptions): Promise<number> {
  const { code, result } = await scanCommand({ ...g, db: g.db ?? '.driftgraph/demo.db' }, { from: DEMO_ESTATE });
  process.stdout.write(findingsByRule(result));
  const { config } = await cliConfig(g);
  const store = await cliStore({ ...g, db: g.db ?? '.driftgraph/demo.db' }, config, true);
  try {
    const { file } = await writeReport(store, {});
    process.stdout.write(`\ndrift report written to ${file}\n`);
    process.stdout.write(
      'explore it:\n' +
        '  npx driftgraph findings --db .driftgraph/demo.db --format json\n' +
        '  npx driftgraph query --db .driftgraph/demo.db "MATCH (p:Person) RETURN p.department AS department, count(p) AS people"\n',
    );
  } finally {
    await store.close();
  }
  return code;
}

export function registerDemo(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('demo')
    .description('scan the bundled demo estate (examples/demo-estate) into .driftgraph/demo.db and write the drift report')
    .action(async () => run(() => demoCommand(program.opts())));
}
