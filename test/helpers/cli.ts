// Runs the real command line (the compiled program), so exit codes, stdout and
// stderr are what a script would see. cli() and cliAsync() hand each command
// to one server process per test file that has loaded the program once
// (cli-server.mjs): cli() blocks this process, cliAsync() does not (for tests
// that serve something the command talks to from this same process).
// cliFresh(), and the scheduler and the web view whichever way they are
// called, start a new process for each command: what must be a process of
// its own.
import { connect } from 'node:net';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { commandsNamedIn } from '../../src/cli/command-list.js';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const SERVER = fileURLToPath(new URL('./cli-server.mjs', import.meta.url));
const MESSENGER = fileURLToPath(new URL('./cli-messenger.mjs', import.meta.url));
interface CliServer {
  child: ChildProcess;
  socket: string;
  /** True once it listens; false if it ended before. */
  ready: Promise<boolean>;
}
let server: CliServer | null = null;

function cliServer(): CliServer {
  if (server && server.child.exitCode === null && server.child.signalCode === null) return server;
  const socket = join(mkdtempSync(join(tmpdir(), 'driftgraph-cli-')), 'cli.sock');
  const child = spawn(process.execPath, [SERVER, socket], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = new Promise<boolean>((resolve) => {
    child.once('message', () => resolve(true));
    child.once('exit', () => resolve(false));
  });
  // The server must not keep this test file running; it ends when this file does.
  child.unref();
  child.channel?.unref();
  server = { child, socket, ready };
  return server;
}

interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
}

const envOf = (opts: CliOptions): Record<string, string | undefined> => ({ ...process.env, NEO4J_URI: '', ...opts.env });

// Commands that are a process's whole life, not a call: the scheduler (its
// log writes to the process's stdout file descriptor directly) and the web view.
const OWN_PROCESS = ['schedule', 'serve'];

let messenger: { worker: Worker; port: MessagePort; flag: Int32Array } | null = null;

/** The worker thread that talks to the server while cli() waits (cli-messenger.mjs); started on first use. */
function cliMessenger(): { worker: Worker; port: MessagePort; flag: Int32Array } {
  if (messenger) return messenger;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  // Plain JavaScript: no TypeScript loader in the thread (execArgv: []).
  const worker = new Worker(MESSENGER, { execArgv: [], workerData: { port: port2, flag }, transferList: [port2] });
  // Neither keeps this test file running.
  worker.unref();
  port1.unref();
  messenger = { worker, port: port1, flag };
  return messenger;
}

const decode = (r: { code: number; stdout: string; stderr: string }): CliResult => ({
  code: r.code,
  stdout: Buffer.from(r.stdout, 'base64').toString('utf8'),
  stderr: Buffer.from(r.stderr, 'base64').toString('utf8'),
});

export function cli(args: string[], opts: CliOptions = {}): CliResult {
  const named = commandsNamedIn(args);
  if (OWN_PROCESS.some((c) => named.has(c))) return cliFresh(args, opts);
  const { child, socket } = cliServer();
  const m = cliMessenger();
  Atomics.store(m.flag, 0, 0);
  m.worker.postMessage({ socket, pid: child.pid, request: { args, cwd: opts.cwd ?? process.cwd(), env: envOf(opts) } });
  // Blocks this thread (cli() is synchronous) until the messenger has the answer.
  Atomics.wait(m.flag, 0, 0);
  const answer = receiveMessageOnPort(m.port)?.message as { code: number; stdout: string; stderr: string } | null | undefined;
  // No server (it could not start, or it ended): the command in a process of its own, as the program runs it.
  return answer ? decode(answer) : cliFresh(args, opts);
}

/** The command line in a new process of its own (what no shared server can give: fresh module state). */
export function cliFresh(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: envOf(opts),
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'driftgraph-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write files (path -> content) under a root directory. */
export function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/**
 * The command line without blocking this process: for tests that serve
 * something the CLI talks to (an SMTP server, a ticket sink, the web view's
 * client) from this same process. Through this file's command-line server,
 * like cli(); commands given at once run one after the other there.
 */
export async function cliAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const named = commandsNamedIn(args);
  if (OWN_PROCESS.some((c) => named.has(c))) return cliFreshAsync(args, opts);
  const s = cliServer();
  // A pending promise does not keep a process running: this timer does, until the server listens.
  const keep = setInterval(() => {}, 1 << 30);
  const ready = await s.ready.finally(() => clearInterval(keep));
  if (!ready) return cliFreshAsync(args, opts);
  return askServer(s.socket, { args, cwd: opts.cwd ?? process.cwd(), env: envOf(opts) });
}

/** One command sent to the server; its answer decoded as the program would have written it. */
function askServer(socket: string, request: { args: string[]; cwd: string; env: Record<string, string | undefined> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let text = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (d: string) => (text += d));
    conn.on('error', reject);
    conn.on('end', () => {
      // The server ended during the command: it may have done part of its work, so it is not run again.
      if (!text.endsWith('\n')) return resolve({ code: 1, stdout: '', stderr: 'driftgraph (test runner): the command-line server ended during this command\n' });
      resolve(decode(JSON.parse(text) as { code: number; stdout: string; stderr: string }));
    });
  });
}

/** The command line in a new process of its own, without blocking this process. */
export function cliFreshAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: envOf(opts) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
