// Commands of the contract that this version does not have yet: they say so
// and exit 2, never pretend to have done something.
import type { Command } from 'commander';
import { UsageError } from '../../util/errors.js';

const LATER: Record<string, { description: string; instead: string }> = {
  tickets: {
    description: 'open, update, close and reopen remediation tickets (not built yet)',
    instead: 'use `driftgraph findings --format json` (each finding carries its remediation) to feed your ticketing',
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
