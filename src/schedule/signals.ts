// SIGTERM or SIGINT once: stop cleanly (the running job finishes its current
// step and is recorded interrupted; exit 0). Twice: stop at once; the run
// stays `running` and the next start records it failed.
import type { Logger } from './log.js';

export function onStopSignals(log: Logger, firstStop: (signal: string) => void): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      firstStop(signal);
      return;
    }
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
