// Sends one command to a test file's command-line server (cli-server.mjs) and
// behaves as the program would: the command's stdout, stderr and exit code.
// Started with spawnSync by cli() (test/helpers/cli.ts), so tests stay
// synchronous. Until the server listens it retries the connection (it is
// loading the program); if the server is gone it runs the command itself, as
// bin/driftgraph.mjs would.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

const [socketPath, serverPid, ...args] = process.argv.slice(2);

// A server that has ended stays a zombie while the test file waits in
// spawnSync (nobody reaps it), and signal 0 still reaches a zombie: on Linux
// its state in /proc says so.
function alive(pid) {
  try {
    process.kill(Number(pid), 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function ask() {
  return new Promise((resolve, reject) => {
    const conn = connect(socketPath);
    let text = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ args, cwd: process.cwd(), env: process.env })}\n`));
    conn.on('data', (d) => (text += d));
    conn.on('end', () => (text.endsWith('\n') ? resolve(JSON.parse(text)) : reject(Object.assign(new Error('server closed'), { code: 'ECLOSED' }))));
    conn.on('error', reject);
  });
}

async function answer() {
  for (;;) {
    try {
      return await ask();
    } catch (e) {
      // Not listening yet: wait for it while it is alive (it is loading the program).
      if ((e.code === 'ENOENT' || e.code === 'ECONNREFUSED') && alive(serverPid)) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      // It ended during the command: the command may have done part of its
      // work, so it is not run again.
      if (e.code === 'ECLOSED') {
        process.stderr.write('driftgraph (test runner): the command-line server ended during this command\n');
        process.exit(1);
      }
      return null;
    }
  }
}

const result = await answer();
if (result) {
  process.stdout.write(Buffer.from(result.stdout, 'base64'));
  process.stderr.write(Buffer.from(result.stderr, 'base64'));
  process.exitCode = result.code;
} else {
  const { main } = await import(new URL('../../dist/src/cli/main.js', import.meta.url).href);
  process.exitCode = await main(args);
}
