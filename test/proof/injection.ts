// npm run proof:injection: a corpus of hostile strings (Cypher fragments, HTML
// and script tags, Markdown links and images, CSV formulas, ANSI escapes,
// shell metacharacters, a 100 kB string, zero-width and right-to-left marks,
// new lines) in the names, titles, tags and emails of a snapshot of every
// source; every output is checked for each payload coming out active rather
// than inert. The goal is zero in the "active" column.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cli.js';

const BIN = fileURLToPath(new URL('../../bin/driftgraph.mjs', import.meta.url));
/** The command line in a child process, with room for outputs holding 100 kB names. */
function cli(args: string[], opts: { cwd: string }) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NEO4J_URI: '' }, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 600_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
import { ADMIN, ago, dateAgo, writeEstate, type Estate } from '../helpers/estate.js';

const NOW = '2026-11-20T02:00:00Z';
const CORPUS: Record<string, string> = {
  cypher: "x' OR 1=1 WITH 1 AS a MATCH (n) DETACH DELETE n //",
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  mdLink: '[click](http://evil.example)',
  mdImage: '![p](http://evil.example/p.png)',
  heading: 'x\n# Fake heading\n- [critical] fake finding',
  formula: '=HYPERLINK("http://evil.example","x")',
  at: '@SUM(1+1)',
  plus: '+cmd|calc',
  ansi: 'x\u001b[2J\u001b[31mRED',
  bell: 'x\u0007\r\u0008overwrite',
  shell: 'x;touch PWNED_a $(touch PWNED_b) `touch PWNED_c`',
  rtl: 'x\u202egnp.exe',
  zeroWidth: 'ad\u200bmin',
  huge: 'h'.repeat(100_000),
};
const KINDS = Object.keys(CORPUS);

function estate(): Estate {
  const payloads = Object.values(CORPUS);
  return {
    collectedAt: NOW,
    people: [
      ...payloads.map((p, i) => ({ id: `E${i}`, email: `p${i}@example.com`, name: `P${i} ${p}`, title: p, department: i % 2 ? 'Eng' : 'Ops', status: 'terminated' as const, endDate: dateAgo(NOW, 20) })),
    ],
    catalog: { services: payloads.slice(0, 5).map((p, i) => ({ name: `svc-${i}`, lifecycle: 'retired', owner: `group:default/${i}`, identities: [`arn:aws:iam::111111111111:role/r${i}`], annotations: { description: p } })) },
    aws: [
      {
        id: '111111111111',
        users: payloads.map((p, i) => ({ name: `u${i}${p}`, password: true, mfa: false, policies: [ADMIN], tags: { email: `p${i}@example.com`, note: p }, keys: [{ id: `AKIAINJ${String(i).padStart(13, '0')}`, created: ago(NOW, 400), lastUsed: ago(NOW, 200) }] })),
        roles: payloads.slice(0, 5).map((_p, i) => ({ name: `r${i}`, lastUsed: ago(NOW, 1) })),
      },
    ],
    gcp: [{ id: 'inj', serviceAccounts: payloads.map((p, i) => ({ id: `sa-${i}`, displayName: p, description: p, keys: [{ id: `${i}`.padStart(40, 'a'), validAfter: ago(NOW, 300) }] })) }],
    scim: [{ name: 'app', users: payloads.map((p, i) => ({ id: `id-${i}`, userName: `p${i}@example.com`, displayName: p })) }],
  };
}

/** Is the payload active (not inert) in this output? One judge per output kind. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b]/;
const judges: Record<string, (text: string) => string[]> = {
  terminal: (t) => (RAW_CONTROL.test(t) ? ['raw control or bidi character'] : []),
  json: (t) => {
    try {
      JSON.parse(t);
      return [];
    } catch {
      return ['not valid JSON'];
    }
  },
  csv: (t) => {
    const rows = parseCsv(t, { relax_column_count: true }) as string[][];
    return rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c)).map((c) => `formula cell ${c.slice(0, 20)}`);
  },
  html: (t) => [/<script/i, /<img(?![^>]*src="drift-report)/i, /<[a-z][^>]*\sonerror=/i, /<a\s/i].filter((r) => r.test(t)).map(String),
  markdown: (t) => {
    const outside = t.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    return [/<script|<img/i, /\]\(http/, /^# Fake heading/m, /^- \[critical\] fake/m].filter((r) => r.test(outside)).map(String);
  },
};

const root = tempDir();
const snap = await writeEstate(estate(), root);
const db = join(root, 'graph.db');
const out: { output: string; kind: keyof typeof judges; text: string }[] = [];
const run = (name: string, kind: keyof typeof judges, args: string[]) => {
  const r = cli(['--db', db, ...args], { cwd: root });
  out.push({ output: name, kind, text: r.stdout }, { output: `${name} (stderr)`, kind: 'terminal', text: r.stderr });
  return r;
};
run('scan summary', 'terminal', ['scan', '--from', snap, '--list']);
run('findings table', 'terminal', ['findings', '--status', 'all']);
run('findings json', 'json', ['findings', '--status', 'all', '--format', 'json']);
run('findings csv', 'csv', ['findings', '--status', 'all', '--format', 'csv']);
run('findings sarif', 'json', ['findings', '--status', 'all', '--format', 'sarif']);
run('findings ocsf', 'json', ['findings', '--status', 'all', '--format', 'ocsf']);
run('query table', 'terminal', ['query', 'MATCH (p:Person) RETURN p.displayName AS name, p.title AS title']);
run('query csv', 'csv', ['query', 'MATCH (p:Person) RETURN p.displayName AS name, p.title AS title', '--format', 'csv']);
run('report (terminal)', 'terminal', ['report', '--out', join(root, 'report')]);
for (const f of readdirSync(join(root, 'report'))) {
  const text = readFileSync(join(root, 'report', f), 'utf8');
  if (f.endsWith('.html')) out.push({ output: `report ${f.split('.').pop()}`, kind: 'html', text });
  if (f.endsWith('.md')) out.push({ output: 'report md', kind: 'markdown', text });
  if (f.endsWith('.csv')) out.push({ output: 'report csv', kind: 'csv', text });
  if (f.endsWith('.json')) out.push({ output: 'report json', kind: 'json', text });
}

// Remediations: each run through bash with the provider CLIs stubbed.
const findings = JSON.parse(out.find((o) => o.output === 'findings json')!.text) as { remediation: string }[];
const stubs = join(root, 'stubs');
const work = join(root, 'work');
mkdirSync(stubs);
mkdirSync(work);
for (const c of ['aws', 'gcloud', 'gh', 'curl']) {
  writeFileSync(join(stubs, c), '#!/bin/sh\nexit 0\n');
  chmodSync(join(stubs, c), 0o755);
}
for (const r of new Set(findings.map((f) => f.remediation))) spawnSync('bash', ['-c', r], { cwd: work, env: { PATH: `${stubs}:/usr/bin:/bin` }, timeout: 10_000 });
const pwned = readdirSync(work).filter((f) => f.startsWith('PWNED'));

const rows = out.map((o) => {
  const present = KINDS.filter((k) => o.text.includes(CORPUS[k]!.replace(/[\u0000-\u001f\u007f-\u009f\u200b\u202e]/g, '').slice(0, 12))).length;
  return { output: o.output, present, active: judges[o.kind]!(o.text).length };
});
rows.push({ output: `remediations through bash (${new Set(findings.map((f) => f.remediation)).size})`, present: KINDS.length, active: pwned.length });
const w = Math.max(...rows.map((r) => r.output.length));
console.log(`${'output'.padEnd(w)}  payloads seen  active`);
console.log(`${'-'.repeat(w)}  -------------  ------`);
for (const r of rows) console.log(`${r.output.padEnd(w)}  ${String(r.present).padStart(13)}  ${String(r.active).padStart(6)}`);
const active = rows.reduce((n, r) => n + r.active, 0);
console.log(`\ncorpus: ${KINDS.length} payloads (${KINDS.join(', ')}) in names, titles, tags, descriptions and emails of hr, catalog, aws, gcp, scim`);
console.log(`findings: ${findings.length}; outputs checked: ${rows.length}; active payloads: ${active}`);
if (process.env.PROOF_DEBUG) for (const o of out) for (const why of judges[o.kind]!(o.text)) console.log(`${o.output}: ${why}`);
process.exitCode = active === 0 ? 0 : 1;
