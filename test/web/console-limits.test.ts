// The web console's POST /api/query: the guard's walk-around from issue 28
// runs as the guard read it; a query past the console's time limit answers
// 400 with timedOut; past its row cap the rest is not read; while a long
// query runs the pages still answer, and `serve` ends on SIGTERM with the
// query's process gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { startCli } from '../helpers/cli-process.js';
import { alive, descendants, HAS_PROC, holds, waitFor } from '../helpers/processes.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { cliStore } from '../../src/cli/context.js';
import { dashboard } from '../../reports/dashboard.js';
import { analystRunner } from '../../src/cli/analyst-runner.js';
import { analystLimits } from '../../src/queries/query-limits.js';
import type { Config } from '../../src/config/schema.js';

const require = createRequire(import.meta.url);
const { GrafeoDB } = require('@grafeo-db/js') as typeof import('@grafeo-db/js');

const FOREVER = 'MATCH (a),(b),(c),(d) RETURN count(*) AS n';
const WALK_AROUND = "WITH 1 AS x //\r/*\nLOAD CSV FROM '/proc/self/environ' AS row RETURN row //*/ RETURN x";
const SECRET = 'DG_WEB_SECRET_9e3a';

let db = '';
before(async () => {
  process.env.DG_WEB_TEST_ENV = SECRET;
  db = join(tempDir('driftgraph-console-'), 'graph.db');
  const g = GrafeoDB.create(db);
  await g.executeCypher('UNWIND range(1, 300) AS i CREATE (:N {i: i})');
  g.close();
});

const servers: RunningServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** The view as `driftgraph serve` starts it, with this config. */
function startWith(config: Config): Promise<RunningServer> {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    openReadStore: (lockWaitSeconds) => cliStore({ db, quiet: true }, { ...config, lockWaitSeconds }, true),
    runAnalystQuery: (cypher, params, lockWaitSeconds, signal) =>
      analystRunner({ db, quiet: true }, config, analystLimits(config, 'console'), lockWaitSeconds)(cypher, params, signal),
    dashboard,
    storeLabel: db,
  });
}

async function serveWith(config: Config): Promise<string> {
  const s = await startWith(config);
  servers.push(s);
  return `http://127.0.0.1:${s.port}`;
}

const post = (base: string, cypher: string) =>
  fetch(`${base}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cypher }) });

describe('POST /api/query', () => {
  test('the comment walk-around runs as the guard read it: x = 1, no file read', async () => {
    const base = await serveWith({});
    const r = await post(base, WALK_AROUND);
    const text = await r.text();
    assert.equal(r.status, 200, text);
    assert.deepEqual(JSON.parse(text).rows, [{ x: 1 }]);
    assert.doesNotMatch(text, new RegExp(SECRET));
  });

  test('past analystQueries.console.timeoutSeconds: 400, timedOut, the key named', async () => {
    const base = await serveWith({ analystQueries: { console: { timeoutSeconds: 0.001 } } });
    const r = await post(base, FOREVER);
    assert.equal(r.status, 400);
    const body = (await r.json()) as { error: string; timedOut?: boolean };
    assert.equal(body.timedOut, true);
    assert.match(body.error, /stopped after 0\.001s.*analystQueries\.console\.timeoutSeconds/);
  });

  test('past analystQueries.console.maxRows: the first rows, truncated, and the total', async () => {
    const base = await serveWith({ analystQueries: { console: { maxRows: 5 } } });
    const r = await post(base, 'MATCH (n:N) RETURN n.i AS i ORDER BY i');
    const body = (await r.json()) as { rows: { i: number }[]; total: number; truncated: boolean };
    assert.deepEqual(body.rows.map((x) => x.i), [1, 2, 3, 4, 5]);
    assert.equal(body.truncated, true);
    assert.equal(body.total, 300);
  });

  test('while a long query runs, pages answer; closing the view stops the query', { skip: HAS_PROC ? false : 'needs /proc (Linux)' }, async () => {
    const s = await startWith({ analystQueries: { console: { timeoutSeconds: 3600 } } });
    const base = `http://127.0.0.1:${s.port}`;
    const before = new Set(descendants(process.pid));
    const long = post(base, FOREVER).then((r) => r.status);
    const worker = await waitFor('the console query process to open the store', () => descendants(process.pid).find((p) => !before.has(p) && holds(p, db)));
    const schema = await fetch(`${base}/api/schema`);
    assert.equal(schema.status, 200);
    assert.deepEqual(((await schema.json()) as { labels: string[] }).labels, ['N']);
    assert.ok(alive(worker), 'the long query was still running while the page answered');
    await s.close();
    assert.equal(await long, 400);
    await waitFor('the console query process to end', () => !alive(worker));
  });
});

describe('serve and SIGTERM', { skip: HAS_PROC ? false : 'needs /proc (Linux)' }, () => {
  test('SIGTERM ends serve while a console query runs, and the query process with it', async () => {
    const running = startCli(['--db', db, 'serve', '--port', '0']);
    const line = await running.waitForLine('the URL', (l) => typeof l.text === 'string' && /^open http/.test(l.text));
    const url = String(line.text).replace(/^open /, '').replace(/\/$/, '');
    const pending = post(url, FOREVER).catch(() => null);
    const pid = running.child.pid!;
    const worker = await waitFor('the console query process to open the store', () => descendants(pid).find((p) => holds(p, db)));
    running.child.kill('SIGTERM');
    assert.equal(await running.exited, 0, running.stderr());
    await pending;
    await waitFor('the console query process to end', () => !alive(worker));
  });
});
