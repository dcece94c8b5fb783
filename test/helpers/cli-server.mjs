// One test file's command line, loaded once. `cli()` and `cliAsync()`
// (test/helpers/cli.ts) send each command here instead of starting a new
// Node process, because loading the program is most of what a short command
// costs (the suite ran hundreds of them). Each command runs alone, exactly as the compiled program
// runs it (dist/src/cli/main.js's main(), the function bin/driftgraph.mjs
// calls), with the caller's arguments, working folder and environment, its
// stdout and stderr captured and its exit code returned. Commands that must
// be their own process (signals, kill -9, a lock held by another process, the
// scheduler, the web server) use cliFresh/cliFreshAsync/startCli, which
// always spawn.
//
// Plain JavaScript, run by plain node: it imports the compiled program.
import { createServer } from 'node:net';

const [socketPath] = process.argv.slice(2);
const { main } = await import(new URL('../../dist/src/cli/main.js', import.meta.url).href);
// Listeners a command may add and not take away (a signal handler, an exit hook): removed after it.
const EVENTS = ['SIGINT', 'SIGTERM', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning'];

function capture(stream, into) {
  const original = stream.write;
  stream.write = (chunk, encoding, cb) => {
    into.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk));
    const done = typeof encoding === 'function' ? encoding : cb;
    if (done) queueMicrotask(() => done());
    return true;
  };
  return () => (stream.write = original);
}

async function run({ args, cwd, env }) {
  const out = [];
  const err = [];
  const before = Object.fromEntries(EVENTS.map((e) => [e, process.listeners(e)]));
  const home = process.cwd();
  for (const k of Object.keys(process.env)) delete process.env[k];
  Object.assign(process.env, env);
  process.chdir(cwd);
  const restoreOut = capture(process.stdout, out);
  const restoreErr = capture(process.stderr, err);
  let code;
  try {
    code = await main(args);
  } catch (e) {
    err.push(Buffer.from(`driftgraph (test runner): ${e?.stack ?? e}\n`));
    code = 1;
  } finally {
    restoreOut();
    restoreErr();
    process.chdir(home);
    for (const e of EVENTS) for (const l of process.listeners(e)) if (!before[e].includes(l)) process.removeListener(e, l);
    process.exitCode = undefined;
  }
  return { code, stdout: Buffer.concat(out).toString('base64'), stderr: Buffer.concat(err).toString('base64') };
}

let queue = Promise.resolve();
const server = createServer((conn) => {
  let text = '';
  conn.setEncoding('utf8');
  conn.on('data', (d) => {
    text += d;
    const nl = text.indexOf('\n');
    if (nl < 0) return;
    const request = JSON.parse(text.slice(0, nl));
    // One command at a time: a command owns the process's folder, environment and output.
    queue = queue.then(async () => conn.end(`${JSON.stringify(await run(request))}\n`));
  });
  conn.on('error', () => {});
});
server.listen(socketPath, () => process.send?.('ready'));
// The test file that started this server has ended: so does the server.
process.on('disconnect', () => process.exit(0));
