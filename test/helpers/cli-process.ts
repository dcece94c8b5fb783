// The real command line as a long-running child process (the scheduler):
// its JSON log lines as they come, signals, and its exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));

export interface RunningCli {
  child: ChildProcess;
  /** Parsed JSON lines of stdout so far (other lines as {text}). */
  lines: Record<string, unknown>[];
  stderr(): string;
  /**
   * Resolves with the first line (already seen or coming) that matches;
   * rejects when the process has ended without one. No clock: a slow
   * machine only makes it wait longer.
   */
  waitForLine(what: string, match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export function startCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NEO4J_URI: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text);
    } catch {
      line = { text };
    }
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLine(what, match) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        // 'close' comes after the output has ended, so every line is seen by then.
        void closed.then(() => {
          if (!lines.some(match)) reject(new Error(`the process ended before ${what}; stderr: ${err.slice(-2000)}`));
        });
      });
    },
  };
}

/** `driftgraph serve` started: the local URL it prints (`open http://127.0.0.1:PORT/`), once it listens. */
export async function servedUrl(running: RunningCli): Promise<string> {
  const line = await running.waitForLine('the URL serve opens', (l) => typeof l.text === 'string' && /open http:\/\/127\.0\.0\.1:\d+\//.test(l.text));
  return /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(line.text))![1]!;
}
