// cli()'s messenger to the test file's command-line server (cli-server.mjs),
// in a worker thread of the test process: cli() (test/helpers/cli.ts) stays
// synchronous by waiting on a shared flag while this thread talks to the
// server, where it used to start a small client process per command (a Node
// start-up, a tenth of a CPU-second, hundreds of times a run). Until the
// server listens it retries the connection (it is loading the program); if
// the server is gone it answers null and cli() runs the command itself.
//
// Plain JavaScript, run by plain node.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { workerData, parentPort } from 'node:worker_threads';

const { port, flag } = workerData;

// A server that has ended stays a zombie while the test file waits (nobody
// reaps it while cli() blocks), and signal 0 still reaches a zombie: on
// Linux its state in /proc says so.
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function ask(socket, request) {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    let text = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (d) => (text += d));
    conn.on('end', () => (text.endsWith('\n') ? resolve(JSON.parse(text)) : reject(Object.assign(new Error('server closed'), { code: 'ECLOSED' }))));
    conn.on('error', reject);
  });
}

async function answer({ socket, pid, request }) {
  for (;;) {
    try {
      return await ask(socket, request);
    } catch (e) {
      // Not listening yet: wait for it while it is alive (it is loading the program).
      if ((e.code === 'ENOENT' || e.code === 'ECONNREFUSED') && alive(pid)) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      // It ended during the command: the command may have done part of its
      // work, so it is not run again.
      if (e.code === 'ECLOSED') {
        return { code: 1, stdout: '', stderr: Buffer.from('driftgraph (test runner): the command-line server ended during this command\n').toString('base64') };
      }
      return null;
    }
  }
}

parentPort.on('message', async (call) => {
  let result = null;
  try {
    result = await answer(call);
  } catch (e) {
    result = { code: 1, stdout: '', stderr: Buffer.from(`driftgraph (test runner): ${e?.stack ?? e}\n`).toString('base64') };
  } finally {
    // Whatever happened, cli() must wake up.
    port.postMessage(result);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
});
