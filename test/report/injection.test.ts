// Names carrying HTML, Markdown, spreadsheet formulas and ANSI escapes come
// out inert in the report's HTML, Markdown, CSV and terminal output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { cli, tempDir } from '../helpers/cli.js';
import { writeEstate, type Estate } from '../helpers/estate.js';
import { csvCell, escapeHtml, escapeMarkdown, markdownTableCell, terminalSafe } from '../../src/util/escape.js';

const EVIL_NAME = '<img src=x onerror=alert(1)><script>alert(2)</script>[click](https://evil.example) ![pic](http://evil.example/p.png) \u001b[31mRED\u001b]8;;http://evil.example\u0007';
const EVIL_USER = '=WEBSERVICE(evil)';
const NOW = '2026-11-20T02:00:00Z';

const estate: Estate = {
  collectedAt: NOW,
  people: [{ id: 'E1', name: EVIL_NAME, status: 'terminated', endDate: '2026-11-10' }],
  aws: [
    {
      id: '111111111111',
      root: { mfa: true },
      users: [
        { name: EVIL_USER, password: true, mfa: true, passwordLastUsed: '2026-11-09T00:00:00Z', tags: { email: 'e1@example.com' } },
        { name: '+cmd|calc', password: true, mfa: true, passwordLastUsed: NOW, tags: { owner: '@SUM(1+1)' } },
      ],
    },
  ],
};

test('provider values are inert in the HTML, Markdown, CSV and terminal report', async () => {
  const root = tempDir('driftgraph-inject-');
  const db = join(root, 'graph.db');
  const scan = cli(['--db', db, '-q', 'scan', '--from', await writeEstate(estate, root)]);
  assert.equal(scan.code, 0, scan.stdout + scan.stderr);
  const out = join(root, 'out');
  const r = cli(['--db', db, 'report', '--out', out]);
  assert.equal(r.code, 0, r.stderr);

  // The leaver's finding carries both names: the report has something to escape.
  const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json']).stdout) as { title: string }[];
  assert.ok(findings.some((f) => f.title.includes('<script>') && f.title.includes(EVIL_USER)), JSON.stringify(findings.map((f) => f.title)));

  const html = readFileSync(join(out, 'drift-report-2026-11-20.html'), 'utf8');
  assert.ok(!html.includes('<script'), 'no script element');
  assert.ok(!/<img[^>]*onerror/.test(html), 'no injected img');
  for (const img of html.match(/<img[^>]*>/g) ?? []) assert.match(img, /src="drift-report-2026-11-20-[a-z-]+\.png"/);
  assert.ok(!/<a[\s>]/i.test(html), 'no link at all');
  assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt;'), 'the name is shown as text');
  assert.ok(!html.includes('\u001b') && !html.includes('\u0007'), 'no control characters');

  const md = readFileSync(join(out, 'drift-report-2026-11-20.md'), 'utf8');
  assert.ok(md.includes('[click](https://evil.example)'), 'the name is there, as written');
  // Provider values sit in code spans, which Markdown shows literally; outside them, nothing of the names is left.
  const outsideCode = md.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
  assert.ok(!/<(img|script)/i.test(outsideCode), 'no raw HTML in the Markdown');
  assert.ok(!outsideCode.includes('[click]') && !outsideCode.includes('![pic]') && !outsideCode.includes('](http'), 'no link or image');
  assert.ok(!outsideCode.includes('WEBSERVICE'));
  assert.ok(!md.includes('\u001b') && !md.includes('\u0007'));

  const csvText = readFileSync(join(out, 'open-findings-2026-11-20.csv'), 'utf8');
  const rows = parseCsv(csvText, { columns: true }) as Record<string, string>[];
  assert.ok(rows.length >= 2);
  for (const row of rows) for (const [col, v] of Object.entries(row)) assert.ok(!/^[=+\-@\t\r]/.test(v), `${col}: ${v}`);
  assert.ok(rows.some((x) => x.subjectName === `'${EVIL_USER}`), 'the formula is kept as text');
  assert.ok(!csvText.includes('\u001b'));

  assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), 'nothing acts on the terminal');
  assert.match(r.stdout, /\\x1b\[31mRED/, 'the leaver is named, with the escape shown');
});

test('an empty or whitespace-only provider value is named in words in Markdown, not an invisible code span', () => {
  // A code span of spaces renders as nothing and GFM trims a table cell: the
  // row would read as if the value were unset.
  assert.equal(escapeMarkdown('   '), '(blank: 3 whitespace characters)');
  assert.equal(escapeMarkdown('\t\n'), '(blank: 2 whitespace characters)');
  assert.equal(escapeMarkdown('\u00a0'), '(blank: 1 whitespace character)');
  assert.equal(escapeMarkdown('\u200b\u2003'), '(blank: 2 whitespace characters)');
  assert.equal(escapeMarkdown(''), '(empty)');
  assert.equal(escapeMarkdown('\u0007'), '(empty)', 'only control characters, which are dropped');
  assert.equal(escapeMarkdown(undefined), '(none)');
  assert.equal(markdownTableCell('  '), '(blank: 2 whitespace characters)');
  const row = `| ${markdownTableCell(' ')} | 3 |`;
  assert.equal(row.split('|').length, 4, 'the table row keeps its columns');
  // A value with text around spaces is still the literal code span.
  assert.equal(escapeMarkdown(' a '), '`  a  `');
});

test('the escaping functions, one by one', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(escapeMarkdown('[a](b) *c* `d`'), '`` [a](b) *c* `d` ``');
  assert.equal(escapeMarkdown('line\nbreak'), '`line break`');
  assert.equal(markdownTableCell('a|b'), '`a\\|b`');
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('@x'), "'@x");
  assert.equal(csvCell('\tx'), "'\tx");
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(terminalSafe('a\u001b[2Jb\u009b\u202ec'), 'a\\x1b[2Jb\\x9b\\u202ec');
  assert.equal(terminalSafe('tab\tand\nline'), 'tab\\tand\\nline');
});
