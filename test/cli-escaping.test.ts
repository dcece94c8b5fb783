// Names are data, never commands to whatever shows them. A leaver whose HR
// display name carries ANSI escapes, a bell, a carriage return, a bidi
// override, a new line and a spreadsheet formula is scanned; every CLI writer
// (findings table and CSV, query table, the scan's summary and list) shows it
// inert. The escaping functions themselves are checked case by case too.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cli, tempDir, writeTree } from './helpers/cli.js';
import { estateFiles } from './helpers/estate.js';
import { account, ana, estate, humanUser } from './rules/scan-helpers.js';
import { csvCell, escapeHtml, escapeMarkdown, escapeMarkdownCell, terminalSafe } from '../src/util/escape.js';

const HOSTILE = '=HYPERLINK("http://evil.example/x")\x1b[2J\x07\r\u202eFAKE\nE2 left';
/** What a terminal would act on: ESC, BEL, CR, bidi override, and a new line inside a cell. */
const RAW = /[\x1b\x07\r\u202e]/;

describe('escaping functions', () => {
  test('terminalSafe shows controls, bidi and zero-width characters as text', () => {
    assert.equal(terminalSafe('a\x1b[2Jb\x07c\rd\ne\tf'), 'a\\x1b[2Jb\\x07c\\rd\\ne\\tf');
    assert.equal(terminalSafe('x\u202ey\u2066z\u200bw\ufeff\u0085'), 'x\\u202ey\\u2066z\\u200bw\\ufeff\\x85');
    assert.equal(terminalSafe('Zoë 名前 O\'Brien'), 'Zoë 名前 O\'Brien');
    assert.equal(terminalSafe(null), '');
  });

  test('csvCell neutralises formulas (OWASP) and quotes per RFC 4180', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    for (const f of ['+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) assert.ok(csvCell(f).replace(/^"/, '').startsWith(`'${f[0]}`), f);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell(-3), '-3', 'a number of our own is not a formula');
    assert.equal(csvCell('ana@example.com'), 'ana@example.com');
  });

  test('escapeMarkdown makes a name one code span: no heading, link, image, HTML or new line; escapeMarkdownCell keeps a table row whole', () => {
    const md = escapeMarkdown('# Title\n## Fake finding [x](http://e) ![i](http://e/i.png) <script>alert(1)</script> a|b');
    assert.doesNotMatch(md, /\n/);
    assert.ok(md.startsWith('`') && md.endsWith('`') && !md.slice(1, -1).includes('`'), md);
    const cell = escapeMarkdownCell('a|b');
    assert.equal(cell, '`a\\|b`');
    assert.equal(`| ${cell} |`.split(/(?<!\\)\|/).length, 3, 'the cell adds no column');
  });

  test('escapeHtml escapes markup and both quotes', () => {
    assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });
});

describe('CLI writers show hostile names inert', () => {
  let db = '';
  let scanOut = '';
  before(() => {
    const leaver = { ...ana, name: HOSTILE, status: 'terminated' as const, endDate: '2026-11-01' };
    const dir = writeTree(tempDir(), estateFiles(estate({ people: [leaver], aws: [account({ users: [humanUser(ana)] })] })));
    db = join(tempDir(), 'graph.db');
    const scan = cli(['--db', db, 'scan', '--from', dir, '--list']);
    assert.equal(scan.code, 0, scan.stdout + scan.stderr);
    scanOut = scan.stdout;
  });

  test('scan --list prints the finding title with its escapes shown, not acted on', () => {
    assert.doesNotMatch(scanOut, RAW);
    assert.ok(scanOut.includes('\\x1b[2J\\x07\\r\\u202eFAKE\\nE2 left'), scanOut);
  });

  test('findings table: no terminal control reaches stdout', () => {
    const r = cli(['--db', db, 'findings', '--rule', 'leaver-active-access']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, RAW);
    assert.equal(r.stdout.trimEnd().split('\n').length, 3, 'header, rule, one row: the new line did not add a row');
  });

  test('findings CSV: the formula is text to a spreadsheet and the row stays one record', () => {
    const r = cli(['--db', db, 'findings', '--rule', 'leaver-active-access', '--format', 'csv']);
    assert.equal(r.code, 0, r.stderr);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    assert.equal(records.length, 1);
    assert.ok(records[0]!.title!.startsWith(`'=HYPERLINK("http://evil.example/x")`), records[0]!.title);
  });

  test('query table and CSV: the display name is inert', () => {
    const q = 'MATCH (p:Person) RETURN p.displayName AS name';
    const table = cli(['--db', db, 'query', q]);
    assert.equal(table.code, 0, table.stderr);
    assert.doesNotMatch(table.stdout, RAW);
    const csv = cli(['--db', db, 'query', q, '--format', 'csv']);
    assert.deepEqual(parse(csv.stdout, { columns: true }), [{ name: `'${HOSTILE}` }]);
  });
});

test('the scan summary shows a hostile file name inert', () => {
  const bad = 'catalog/\x1b[2J\x07evil.yaml';
  const dir = writeTree(tempDir(), { ...estateFiles(estate({ people: [ana] })), [bad]: 'kind: [unclosed\n' });
  const r = cli(['--db', join(tempDir(), 'g.db'), 'scan', '--from', dir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /[\x1b\x07]/);
  assert.ok(r.stdout.includes('\\x1b[2J\\x07evil.yaml'), r.stdout);
});
