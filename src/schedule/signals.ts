// SIGTERM or SIGINT once: stop cleanly (the running job finishes its current
// step and is recorded interrupted; exit 0). Again, later: stop at once; the
// run stays `running` and the next start records it failed.
//
// One stop often arrives twice at the same moment: Ctrl-C signals the whole
// process group, and `npx` (npm's run-script) also forwards it to us; systemd
// without KillMode=mixed signals both too. A repeat within DUPLICATE_MS is
// that same stop, not a person asking twice.
import type { Logger } from './log.js';

const DUPLICATE_MS = 1000;

export function onStopSignals(log: Logger, firstStop: (signal: string) => void): () => void {
  let firstAt: number | null = null;
  const handler = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === null) {
      firstAt = now;
      firstStop(signal);
      return;
    }
    if (now - firstAt < DUPLICATE_MS) return;
    log.error({ signal }, 'second stop signal: stopping now; the running job is recorded failed at the next start');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
