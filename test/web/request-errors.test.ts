// Every request error answers its own 4xx, never a 500, and the server's
// error log writes a request's path inert, as the terminal output does.
// Through `driftgraph serve` in a child process, as a team runs it: a body
// too large (with its length, and streamed), an Origin that is not a URL,
// JSON nested thousands deep, and a store damaged under a running view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { truncateSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { servedUrl, startCli } from '../helpers/cli-process.js';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));

let dir: string;
let db: string;
let child: ChildProcess;
let url: string;
let stderr = '';

before(async () => {
  dir = tempDir('driftgraph-web-errors-');
  db = join(dir, 'graph.db');
  // A real store with a little in it: these tests are about requests, not findings.
  const store = await openEmbeddedStore(db);
  await store.write("CREATE (:Person {employeeId: 'E1', displayName: 'Ada'})");
  await store.close();
  child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0'], { cwd: dir, env: { ...process.env, NEO4J_URI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
});

after(() => {
  child?.kill('SIGKILL');
});

/** Raw HTTP, so headers fetch would not send (a malformed Origin) go as written. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer | (() => AsyncIterable<Buffer>)): Promise<{ status: number; body: string }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => {
        resolve({ status: res.statusCode!, body: text });
        // Stop sending the rest of a refused body.
        req.destroy();
      });
    });
    // The server may answer 413 before the whole body is sent and close: that answer is what counts.
    req.on('error', reject);
    if (typeof body === 'function') {
      void (async () => {
        for await (const chunk of body()) if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        req.end();
      })().catch(() => undefined);
    } else req.end(body);
  });
}

const TEN_MB = Buffer.alloc(10 * 1024 * 1024, 'x');

// The server answers 413 and closes while the client is still sending; on a
// busy machine the client's next write can fail (EPIPE, ECONNRESET) before it
// has read that answer. Such a try shows nothing either way, so it is tried
// again on a new connection (a few times at most): the answer is what counts.
async function refused(...args: Parameters<typeof raw>): Promise<{ status: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await raw(...args);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw e;
    }
  }
}

test('a 10 MB body answers 413, whether it gives its length or streams it, on the API and elsewhere', async () => {
  const withLength = await refused('POST', '/api/query', { 'content-type': 'application/json', 'content-length': String(TEN_MB.length) }, TEN_MB);
  assert.equal(withLength.status, 413, withLength.body);
  assert.match(JSON.parse(withLength.body).error, /too large|larger than/);
  const streamed = await refused('POST', '/api/query', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, async function* () {
    for (let i = 0; i < 10; i++) yield TEN_MB.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024);
  });
  assert.equal(streamed.status, 413, streamed.body);
  const page = await refused('POST', '/console', { 'content-length': String(TEN_MB.length) }, TEN_MB);
  assert.equal(page.status, 413);
});

test('an Origin that is not a URL answers 403, like a foreign one', async () => {
  const body = JSON.stringify({ cypher: 'MATCH (p:Person) RETURN p.displayName AS name' });
  for (const origin of ['http://[bad', 'nonsense', '://', 'null', 'http://evil.example']) {
    const r = await raw('POST', '/api/query', { 'content-type': 'application/json', origin }, body);
    assert.equal(r.status, 403, `Origin ${origin}: ${r.body}`);
  }
  // The view's own origin still works.
  const { host } = new URL(url);
  const ok = await raw('POST', '/api/query', { 'content-type': 'application/json', origin: `http://${host}` }, body);
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(JSON.parse(ok.body).rows, [{ name: 'Ada' }]);
});

test('a body that is JSON but not an object (null, a list, a number) answers 400', async () => {
  for (const body of ['null', '[]', '42', '"x"', 'true']) {
    const r = await raw('POST', '/api/query', { 'content-type': 'application/json' }, body);
    assert.equal(r.status, 400, `${body}: ${r.body}`);
    assert.match(JSON.parse(r.body).error, /expected a JSON body|a query is required/);
  }
});

test('query parameters nested 5,000 and 30,000 deep answer 400, and the server keeps answering', async () => {
  for (const n of [5_000, 30_000]) {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      const deep = open.repeat(n) + (open === '[' ? '' : '1') + close.repeat(n);
      // Any declared type: the console reads its body as JSON whatever it says.
      for (const type of ['application/json', 'text/plain']) {
        const r = await raw('POST', '/api/query', { 'content-type': type }, `{"cypher":"RETURN $p AS p","params":{"p":${deep}}}`);
        assert.equal(r.status, 400, `${n} deep ${open} (${type}): ${r.body.slice(0, 200)}`);
        assert.match(JSON.parse(r.body).error, /nested deeper than 64 levels/);
      }
    }
  }
  // Shallow parameters are fine.
  const ok = await raw('POST', '/api/query', { 'content-type': 'application/json' }, JSON.stringify({ cypher: 'RETURN $p AS p', params: { p: [[1, { a: [2] }]] } }));
  assert.equal(ok.status, 200, ok.body);
  assert.equal(child.exitCode, null, 'the server is still running');
});

test('a store damaged under a running view: pages answer 503 with what to do; the log line writes the request path inert', async () => {
  truncateSync(db, Math.floor(statSync(db).size / 2));
  const before = stderr.length;
  // ESC [ 2 J (clear the screen) and a BEL in the path, percent-encoded as a browser would send them.
  const r = await raw('GET', '/people/E1%1b%5b2J%07x', {});
  assert.equal(r.status, 503, r.body);
  assert.match(r.body, /damaged/);
  assert.match(r.body, /scan into a fresh file|Scan into a fresh file/);
  const api = await raw('GET', '/api/people?q=ada', {});
  assert.equal(api.status, 503);
  assert.match(JSON.parse(api.body).error, /is damaged and was not used/);
  // The log line arrives asynchronously on the child's stderr: wait for it.
  for (let i = 0; i < 200 && !/people\/E1/.test(stderr.slice(before)); i++) await new Promise((res) => setTimeout(res, 25));
  const logged = stderr.slice(before);
  assert.match(logged, /GET \/people\/E1\\x1b\[2J\\x07x: the graph database .* is damaged/);
  assert.doesNotMatch(logged, /[\u001b\u0007]/, 'no raw escape character in the log');
});

test('a view started before the first scan: it says so, and pages answer 503 until a scan writes the store', async () => {
  const missing = join(dir, 'not-scanned-yet.db');
  const server = startCli(['--db', missing, 'serve', '--port', '0'], { cwd: dir });
  const s = server.child;
  try {
    const at = await servedUrl(server);
    const err = server.stderr();
    assert.match(err, /there is no graph database at .*not-scanned-yet\.db yet: run `driftgraph scan` first; until then every page answers 503/);
    const page = await fetch(at);
    assert.equal(page.status, 503);
    const api = await fetch(new URL('api/findings', at));
    assert.equal(api.status, 503);
    assert.match(((await api.json()) as { error: string }).error, /no graph database at .* yet/);
  } finally {
    s.kill('SIGKILL');
  }
});
