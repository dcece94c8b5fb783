// Commands of the contract that this version does not have yet: they say so
// and exit 2, never pretend to have done something.
import type { Command } from 'commander';
import { UsageError } from '../../util/errors.js';

const LATER: Record<string, { description: string; instead: string }> = {
  schedule: {
    description: 'the long-running scheduler: nightly scans, weekly reports (not built yet)',
    instead: 'run `driftgraph scan` and `driftgraph report` from cron (see the README, "Scheduling")',
  },
};

export function registerNotBuilt(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  for (const [name, { description, instead }] of Object.entries(LATER)) {
    program
      .command(name)
      .description(description)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async () =>
        run(async () => {
          throw new UsageError(`\`driftgraph ${name}\` is not built yet in this version: ${instead}`);
        }),
      );
  }
}
