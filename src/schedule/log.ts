// The scheduler says what it did as JSON lines on stdout (one object per
// event: job, run id, duration, sources, finding transitions), or as
// readable lines with --log-format pretty. Writes are synchronous so the last
// lines before an exit are never lost.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export type { Logger };

/** Where lines go: a file descriptor (1, stdout), or a stream (tests read the lines back). */
export type LogDestination = number | { write(line: string): unknown };

export function schedulerLogger(format: LogFormat, destination: LogDestination = 1): Logger {
  const options = { base: { service: 'driftgraph', pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'pretty') {
    return pino(options, pretty({ destination: destination as number | NodeJS.WritableStream, sync: true, colorize: false, singleLine: true, translateTime: 'SYS:standard', ignore: 'service,pid,hostname' }));
  }
  if (typeof destination !== 'number') return pino(options, destination);
  return pino(options, pino.destination({ dest: destination, sync: true }));
}
