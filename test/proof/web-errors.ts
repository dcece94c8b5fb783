// Web request errors proof (issue 28 class 8): `npm run proof:web [-- --requests N --seed S]`.
// `driftgraph serve` runs as a team runs it (the compiled command line, a
// child process) over a small store, and takes N generated hostile requests
// on raw sockets, so nothing is tidied by a client: bodies too large (with a
// length or streamed), Origins that are not URLs or are foreign, JSON nested
// far too deep, paths with escape and control characters, broken JSON and odd
// methods; the second half of them against a store damaged under the running
// view (503 is then the right answer, and the error log writes each request's
// path). What must hold: no other 5xx, every request is answered, no
// foreign or malformed Origin gets a query run, the server's log never holds
// a raw control character, the server keeps running, and SIGTERM ends it
// within seconds. Prints a table; exits 1 when a must-be-0 column is not 0.
import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { arg, seededRandom } from './proof-args.js';
import { servedUrl, startCli } from '../helpers/cli-process.js';

const REQUESTS = arg('requests', 1000);
const random = seededRandom(arg('seed', 20261201));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const ROUTES = ['/', '/api/findings', '/api/jml', '/api/people', '/api/people/E1', '/api/saved', '/api/schema', '/console', '/dashboard', '/findings/f_1', '/jml', '/people', '/people/E1', '/review/', '/review/open', '/static/app.css', '/api/query', '/findings/f_1/approve', '/review/items/1', '/no/such'];
const POSTS = ['/api/query', '/findings/f_1/approve', '/review/items/1', '/console', '/'];
const CONTROL = ['%1b%5b2J', '%07', '%00', '%0d%0a', '%7f', '%1b]0;x%07', '%e2%80%ae', '%c0%af', '%ff', '%', '%zz', '%u001b'];

interface Req {
  kind: 'large body' | 'origin' | 'deep params' | 'path escapes' | 'broken body';
  head: string;
  body: Buffer | null;
  /** Stream the body in chunks without a length (transfer-encoding: chunked). */
  chunked: boolean;
  /** A query that must not run: its Origin is foreign or not a URL. */
  foreign: boolean;
}

function request(kind: Req['kind'], host: string): Req {
  let method = 'POST';
  let path = '/api/query';
  const headers: string[] = [`Host: ${host}`, 'Connection: close'];
  let body: Buffer | null = null;
  let chunked = false;
  let foreign = false;
  const json = (s: string) => {
    headers.push(`Content-Type: ${pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])}`);
    body = Buffer.from(s);
  };
  if (kind === 'large body') {
    path = pick(POSTS);
    body = Buffer.alloc(pick([1.1, 2, 5, 10, 25])! * 1024 * 1024, pick(['x', '{', '[', ' ']));
    chunked = random() < 0.5;
    headers.push(`Content-Type: ${pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded'])}`);
  } else if (kind === 'origin') {
    const origins = ['http://[bad', 'nonsense', '://', 'null', 'http://evil.example', `http://${host}.evil.example`, `http://${host}:1`, 'http://127.0.0.1', 'file://', 'http://%00', 'http:///', 'data:,x', 'http://a@b', 'http://[::1', `http://${'a'.repeat(int(100, 9000))}`];
    // Not foreign: the view's own host and port over https (a TLS proxy in front),
    // and a blank Origin, which is no Origin (a script's post, as without one).
    const own = [`https://${host}`, ' '];
    const origin = random() < 0.1 ? pick(own) : pick(origins);
    headers.push(`Origin: ${origin}`);
    foreign = !own.includes(origin);
    json(JSON.stringify({ cypher: 'MATCH (p:Person) RETURN p.displayName AS name' }));
  } else if (kind === 'deep params') {
    const n = int(65, 60_000);
    const [open, close] = pick([['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']] as const);
    json(`{"cypher":"RETURN $p AS p","params":{"p":${open.repeat(n)}${open === '[' ? '' : '1'}${close.repeat(n)}}}`);
  } else if (kind === 'path escapes') {
    method = pick(['GET', 'GET', 'GET', 'POST', 'HEAD']);
    const parts = Array.from({ length: int(1, 4) }, () => pick([pick(CONTROL), 'x', '..', '%2e%2e', '%2f', 'E1', 'a'.repeat(int(1, 3000))]));
    path = `${pick(ROUTES)}${pick(['', '/', '?q='])}${parts.join('')}`;
    if (method === 'POST') json('{}');
  } else {
    method = random() < 0.7 ? 'POST' : pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GET']);
    path = random() < 0.7 ? '/api/query' : pick(ROUTES);
    json(pick(['', '{', 'null', '[]', '{"cypher":42}', '{"cypher":"RETURN 1","params":[]}', '{"cypher":"RETURN 1","params":"x"}', '\u0000', '{"cypher":"\\ud800"}', '{"a":1}{"b":2}', '"']));
  }
  if (body && !chunked) headers.push(`Content-Length: ${(body as Buffer).length}`);
  if (chunked) headers.push('Transfer-Encoding: chunked');
  // A large body waits for the server's go-ahead, as curl does: a server that
  // refuses it at once answers before any of it is sent, and that answer
  // cannot be lost to a reset while the client is still sending.
  if (kind === 'large body') headers.push('Expect: 100-continue');
  return { kind, head: `${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, body, chunked, foreign };
}

/** The status code the server answered, or null when the connection closed without one. */
function send(port: number, r: Req): Promise<number | null> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    let done = false;
    const finish = (v: number | null) => {
      if (done) return;
      done = true;
      s.destroy();
      resolve(v);
    };
    const expect = r.head.includes('Expect: 100-continue');
    let goAhead: () => void = () => undefined;
    const continued = new Promise<void>((res) => (goAhead = res));
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      got += d;
      if (/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.test(got)) {
        got = got.replace(/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/, '');
        goAhead();
      }
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m && got.includes('\r\n\r\n')) finish(Number(m[1]));
    });
    s.on('error', () => finish(/^HTTP\/1\.1 (\d{3})/.test(got) ? Number(got.slice(9, 12)) : null));
    s.on('close', () => finish(/^HTTP\/1\.1 (\d{3})/.test(got) ? Number(got.slice(9, 12)) : null));
    s.on('connect', async () => {
      s.write(r.head, 'latin1');
      if (!r.body) return;
      if (expect) await continued;
      // A refusal may come at any point of the body: between two writes the
      // answer is read first (a write into the closed connection would end it
      // before an answer already on its way is read).
      const size = 64 * 1024;
      for (let i = 0; i < r.body.length && !done; i += size) {
        const chunk = r.body.subarray(i, i + size);
        const ok = r.chunked ? s.write(`${chunk.length.toString(16)}\r\n`) && s.write(chunk) && s.write('\r\n') : s.write(chunk);
        if (!ok) await new Promise((res) => s.once('drain', res));
        await new Promise((res) => setImmediate(res));
      }
      if (r.chunked && !done) s.write('0\r\n\r\n');
    });
  });
}

/** The answer, tried again on a new connection when the server closed before answering (it may refuse a body while it is still being sent). */
async function answer(port: number, r: Req): Promise<number | null> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const status = await send(port, r);
    if (status !== null) return status;
  }
  return null;
}

const dir = mkdtempSync(join(tmpdir(), 'driftgraph-web-proof-'));
const db = join(dir, 'graph.db');
const store = await openEmbeddedStore(db);
await store.write("CREATE (:Person {employeeId: 'E1', displayName: 'Ada'})");
await store.close();
const server = startCli(['--db', db, 'serve', '--port', '0'], { cwd: dir });
const child = server.child;
const url = await servedUrl(server);
const { port, host } = new URL(url);

const KINDS = ['large body', 'origin', 'deep params', 'path escapes', 'broken body'] as const;
type Row = { requests: number; fivexx: number; unanswered: number; foreignRun: number; statuses: Map<number, number> };
const rows = new Map<string, Row>(KINDS.map((k) => [k, { requests: 0, fivexx: 0, unanswered: 0, foreignRun: 0, statuses: new Map() }]));
const examples: string[] = [];
const started = Date.now();
let damaged = false;
for (let i = 0; i < REQUESTS; i++) {
  // The second half runs against a store damaged under the running view: pages
  // answer 503 with what to do, and the error log writes each request's path.
  if (i === Math.floor(REQUESTS / 2)) {
    truncateSync(db, Math.floor(statSync(db).size / 2));
    damaged = true;
  }
  // Large bodies are the slow ones: one in ten.
  const kind = random() < 0.1 ? 'large body' : pick(KINDS.filter((k) => k !== 'large body'));
  const r = request(kind, host);
  const status = await answer(Number(port), r);
  const row = rows.get(kind)!;
  row.requests++;
  if (status !== null) row.statuses.set(status, (row.statuses.get(status) ?? 0) + 1);
  const fivexx = status !== null && status >= 500 && !(damaged && status === 503);
  const bad = status === null ? 'no answer' : fivexx ? `answered ${status}` : r.foreign && status < 300 ? `foreign Origin answered ${status}` : null;
  if (status === null) row.unanswered++;
  else if (fivexx) row.fivexx++;
  else if (r.foreign && status < 300) row.foreignRun++;
  if (bad && examples.length < 10) examples.push(`${bad}: ${JSON.stringify(r.head.slice(0, 300))} body ${r.body?.length ?? 0} bytes${r.chunked ? ' chunked' : ''}`);
  if ((i + 1) % 200 === 0) process.stderr.write(`  ${i + 1}/${REQUESTS} requests, ${Math.round((Date.now() - started) / 1000)} s\n`);
}
const alive = child.exitCode === null;
// The log as written: a raw control character (other than the line end) would reach a terminal.
const log = server.stderr();
const rawControl = (log.match(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g) ?? []).length;
const termAt = Date.now();
child.kill('SIGTERM');
const exit = await new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
const termMs = Date.now() - termAt;
rmSync(dir, { recursive: true, force: true });

const statusList = (m: Map<number, number>) => [...m].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
console.log(`web request errors: ${REQUESTS} requests, seed ${arg('seed', 20261201)}, ${Math.round((Date.now() - started) / 1000)} s\n`);
console.log('(the second half of the requests ran against a store damaged under the running view, where 503 is the right answer and is not counted)\n');
console.log('| request kind  | requests | 5xx | no answer | foreign Origin ran | answers                          |');
console.log('|---------------|----------|-----|-----------|--------------------|----------------------------------|');
let total = 0;
for (const [k, r] of rows) {
  total += r.fivexx + r.unanswered + r.foreignRun;
  console.log(`| ${k.padEnd(13)} | ${String(r.requests).padStart(8)} | ${String(r.fivexx).padStart(3)} | ${String(r.unanswered).padStart(9)} | ${String(r.foreignRun).padStart(18)} | ${statusList(r.statuses).padEnd(32)} |`);
}
console.log('');
console.log('| after all requests                        | value |');
console.log('|-------------------------------------------|-------|');
console.log(`| server died during the run (must be 0)    | ${String(alive ? 0 : 1).padStart(5)} |`);
console.log(`| raw control characters in its log (0)     | ${String(rawControl).padStart(5)} |`);
console.log(`| SIGTERM: exit code (must be 0)            | ${String(exit).padStart(5)} |`);
console.log(`| SIGTERM: ms to exit (must be < 5000)      | ${String(termMs).padStart(5)} |`);
for (const e of examples) console.log('FAILED', e);
process.exit(total === 0 && alive && rawControl === 0 && exit === 0 && termMs < 5000 ? 0 : 1);
