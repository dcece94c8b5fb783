// `driftgraph report --email` end to end: the demo estate scanned, the report
// sent to a real SMTP server in this process, the mail read back with
// mailparser: recipients, subject, HTML, inline PNG charts that decode at the
// expected size, a CSV that parses, and numbers that equal
// `report --format json` and direct Cypher counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { cli, cliAsync, tempDir } from '../helpers/cli.js';
import { decodePng } from '../helpers/png.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { demoStore } from '../helpers/demo-store.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../reports/charts/specs.js';
import { CHART_SCALE } from '../../reports/charts/render-chart.js';
import { CSV_COLUMNS } from '../../reports/formats/csv.js';

const root = tempDir('driftgraph-report-email-');
// The run's one demo scan, copied.
const db = demoStore('driftgraph-report-email-db-');
let smtp: TestSmtp;

function config(port: number, extra = ''): string {
  const file = join(root, `driftgraph-${port}-${extra ? 'x' : 'plain'}.yaml`);
  // The config, as written, with the test server's port. The demo
  // estate's scan is weeks old by the wall clock: its age is not what these
  // tests are about (test/data-age.test.ts is).
  writeFileSync(
    file,
    `staleAfterHours: 1000000\nreport:\n  email:\n    from: driftgraph@acme.example\n    to: [security@acme.example]\n    smtp: {host: 127.0.0.1, port: ${port}, secure: false${extra}}\n`,
  );
  return file;
}

function count(cypher: string, params: string[] = []): number {
  const r = cli(['--db', db, 'query', cypher, ...params.flatMap((p) => ['--param', p]), '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return Number(JSON.parse(r.stdout)[0].n);
}

/** The value at a dotted path of the report JSON. */
function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

before(async () => {
  smtp = await startSmtp();
});

after(async () => {
  await smtp?.close();
});

test('report --email delivers one HTML mail with three inline PNG charts and the open findings as CSV', async () => {
  const out = join(root, 'out');
  const r = await cliAsync(['--db', db, '--config', config(smtp.port), 'report', '--email', '--out', out]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /sent to security@acme\.example/);
  assert.equal(smtp.received.length, 1);
  const { from, to, mail } = smtp.received[0]!;
  assert.equal(from, 'driftgraph@acme.example');
  assert.deepEqual(to, ['security@acme.example']);
  assert.equal(mail.from?.value[0]?.address, 'driftgraph@acme.example');

  const json = JSON.parse(cli(['--db', db, '--config', config(smtp.port), 'report', '--format', 'json', '--out', out]).stdout);
  assert.deepEqual(json.warnings, [], 'the demo scan loaded every source it has');
  const o = json.findings.open;
  assert.equal(mail.subject, `Drift report 2026-11-20: ${o.critical} critical, ${o.high} high open; ${json.findings.new} new, ${json.findings.resolved} resolved`);

  const html = String(mail.html);
  const pngs = mail.attachments.filter((a) => a.contentType === 'image/png');
  assert.ok(pngs.length >= 3, `${pngs.length} PNG attachments`);
  for (const png of pngs) {
    assert.ok(png.cid, `${png.filename} is inline`);
    assert.ok(html.includes(`src="cid:${png.cid}"`), `the HTML shows ${png.cid}`);
    const info = decodePng(png.content);
    assert.deepEqual([info.width, info.height], [CHART_WIDTH * CHART_SCALE, CHART_HEIGHT * CHART_SCALE], String(png.filename));
  }
  assert.ok(!/src="(?!cid:)/.test(html), 'no image comes from anywhere but the mail');

  const csv = mail.attachments.find((a) => a.contentType.startsWith('text/csv'));
  assert.ok(csv, 'a CSV attachment');
  const rows = parseCsv(csv.content, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), [...CSV_COLUMNS]);
  assert.equal(rows.length, o.total);
  assert.ok(rows.every((x) => x.status === 'open'));

  // Every number the HTML marks with its JSON key equals the JSON.
  const kpis = [...html.matchAll(/data-kpi="([^"]+)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!] as const);
  const keys = new Set(kpis.map(([k]) => k));
  for (const k of ['findings.open.critical', 'findings.open.high', 'findings.open.medium', 'findings.open.low', 'findings.new',
    'findings.resolved', 'findings.reopened', 'timeToRevoke.leavers.median', 'timeToRevoke.leavers.p90', 'timeToRevoke.leavers.pending',
    'nhis.withoutOwner', 'nhis.total']) {
    assert.ok(keys.has(k), `the HTML shows ${k}`);
  }
  for (const [key, text] of kpis) {
    const shown = text === '–' ? null : Number.parseFloat(text);
    assert.equal(shown, at(json, key), `${key} in the HTML`);
  }

  // And the JSON equals the graph, counted directly.
  for (const s of ['critical', 'high', 'medium', 'low']) {
    assert.equal(o[s], count(`MATCH (f:Finding) WHERE f.status = 'open' AND f.severity = '${s}' RETURN count(f) AS n`), `open ${s}`);
  }
  const period = [`since=${json.period.since}`, `until=${json.period.until}`];
  assert.equal(json.findings.new, count('MATCH (f:Finding) WHERE f.firstSeen > $since AND f.firstSeen <= $until RETURN count(f) AS n', period));
  const all = JSON.parse(cli(['--db', db, 'findings', '--status', 'all', '--format', 'json']).stdout) as unknown[];
  assert.equal(json.findings.new, all.length, 'the demo estate: every finding is new in its first scan');
  assert.equal(
    json.nhis.withoutOwner,
    count('MATCH (n:NHI) WHERE n.removedAt IS NULL AND n.active = true AND coalesce(n.providerManaged, false) = false AND coalesce(n.ownerCount, 0) = 0 RETURN count(n) AS n'),
  );
  assert.equal(
    json.timeToRevoke.leavers.pending,
    count("MATCH (p:Person)<-[:LINKED_TO]-(a:Account) WHERE p.isLeaver = true AND a.removedAt IS NULL AND a.active = true RETURN count(DISTINCT p) AS n"),
  );
});

test('a refused send exits 1 with the SMTP reply, and says nothing was sent', async () => {
  const refusing = await startSmtp({ reject: { code: 550, message: '5.1.1 <security@acme.example>: mailbox unavailable' } });
  try {
    const r = await cliAsync(['--db', db, '--config', config(refusing.port), 'report', '--email', '--out', join(root, 'refused')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /550/);
    assert.match(r.stderr, /mailbox unavailable/);
    assert.doesNotMatch(r.stdout, /sent to/);
    assert.equal(refusing.received.length, 0);
  } finally {
    await refusing.close();
  }
});

test('SMTP login: the user from the config, the password only from DRIFTGRAPH_SMTP_PASSWORD', async () => {
  const secret = 'pw-' + Math.random().toString(36).slice(2);
  const authed = await startSmtp({ user: { name: 'driftgraph', password: secret } });
  try {
    const cfg = config(authed.port, ', user: driftgraph');
    const missing = await cliAsync(['--db', db, '--config', cfg, 'report', '--email', '--out', join(root, 'auth')], { env: { DRIFTGRAPH_SMTP_PASSWORD: '' } });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /DRIFTGRAPH_SMTP_PASSWORD/);
    const wrong = await cliAsync(['--db', db, '--config', cfg, 'report', '--email', '--out', join(root, 'auth')], { env: { DRIFTGRAPH_SMTP_PASSWORD: 'nope' } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /535/);
    assert.ok(!wrong.stderr.includes('nope') && !wrong.stdout.includes('nope'), 'the password is never printed');
    const ok = await cliAsync(['--db', db, '--config', cfg, 'report', '--email', '--out', join(root, 'auth')], { env: { DRIFTGRAPH_SMTP_PASSWORD: secret } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(authed.received.length, 1);
    assert.ok(!authed.received[0]!.raw.toString('utf8').includes(secret));
  } finally {
    await authed.close();
  }
});

test('one tailored mail per owner team holds only that team\'s findings', async () => {
  const file = join(root, 'per-team.yaml');
  writeFileSync(
    file,
    `report:\n  email:\n    from: driftgraph@acme.example\n    to: [security@acme.example]\n    smtp: {host: 127.0.0.1, port: ${smtp.port}, secure: false}\n    perTeam:\n      "group:default/payments": [payments@acme.example]\n`,
  );
  const before = smtp.received.length;
  const r = await cliAsync(['--db', db, '--config', file, 'report', '--email', '--out', join(root, 'team')]);
  assert.equal(r.code, 0, r.stderr);
  const mails = smtp.received.slice(before);
  assert.equal(mails.length, 2);
  const team = mails.find((m) => m.to.includes('payments@acme.example'));
  assert.ok(team);
  const csv = team.mail.attachments.find((a) => a.contentType.startsWith('text/csv'))!;
  const rows = parseCsv(csv.content, { columns: true }) as Record<string, string>[];
  assert.ok(rows.length > 0);
  assert.ok(rows.every((x) => x.teams.split(' ').includes('group:default/payments')), JSON.stringify(rows.map((x) => x.teams)));
  const all = JSON.parse(cli(['--db', db, 'report', '--format', 'json', '--out', join(root, 'team')]).stdout);
  assert.equal(rows.length, all.byTeam.find((t: { team: string }) => t.team === 'group:default/payments').total);
  assert.match(team.mail.subject ?? '', /group:default\/payments/);
});
