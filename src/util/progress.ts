// Progress lines go to stderr so stdout stays clean for JSON and CSV.
// Messages may carry provider names: terminalSafe keeps them inert.
import { terminalSafe } from './escape.js';

export interface Progress {
  /** A line for a person watching a long step (stderr). */
  step(message: string): void;
}

export function stderrProgress(quiet = false): Progress {
  const started = Date.now();
  return {
    step(message: string) {
      if (quiet) return;
      const s = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
      process.stderr.write(`[${s}s] ${terminalSafe(message)}\n`);
    },
  };
}

export const silentProgress: Progress = { step() {} };
