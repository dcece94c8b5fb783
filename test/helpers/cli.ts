// Runs the real command line (the compiled program), so exit codes, stdout and
// stderr are what a script would see. cli() hands each command to one server
// process per test file that has loaded the program once (cli-server.mjs);
// cliAsync() and cliFresh() start a new process for each command, for what
// must be a process of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const SERVER = fileURLToPath(new URL('./cli-server.mjs', import.meta.url));
const CLIENT = fileURLToPath(new URL('./cli-client.mjs', import.meta.url));
let server: { child: ChildProcess; socket: string } | null = null;

function cliServer(): { child: ChildProcess; socket: string } {
  if (server && server.child.exitCode === null && server.child.signalCode === null) return server;
  const socket = join(mkdtempSync(join(tmpdir(), 'driftgraph-cli-')), 'cli.sock');
  const child = spawn(process.execPath, [SERVER, socket], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  // The server must not keep this test file running; it ends when this file does.
  child.unref();
  child.channel?.unref();
  server = { child, socket };
  return server;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const { child, socket } = cliServer();
  const r = spawnSync(process.execPath, [CLIENT, socket, String(child.pid), ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NEO4J_URI: '', ...opts.env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The command line in a new process of its own (what no shared server can give: fresh module state). */
export function cliFresh(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NEO4J_URI: '', ...opts.env },
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
 * something the CLI talks to (an SMTP server) from this same process.
 */
export function cliAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NEO4J_URI: '', ...opts.env } });
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
