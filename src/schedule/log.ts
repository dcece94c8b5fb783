// The scheduler says what it did as JSON lines on stdout (one object per
// event: job, run id, duration, sources, finding transitions), or as
// readable lines with --log-format pretty. Writes are synchronous so the last
// lines before an exit are never lost.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export type { Logger };

export function schedulerLogger(format: LogFormat, destination: number = 1): Logger {
  const options = { base: { service: 'driftgraph', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'pretty') {
    return pino(options, pretty({ destination, sync: true, colorize: false, singleLine: true, translateTime: 'SYS:standard', ignore: 'service,pid,hostname' }));
  }
  return pino(options, pino.destination({ dest: destination, sync: true }));
}
