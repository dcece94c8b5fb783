// The demo estate's oracle: examples/demo-estate/expected/<source>.json, one
// file per source the registry knows, listing the findings a first scan of
// the estate (no config, no exceptions) must produce and nothing else. The
// test (test/demo-estate.test.ts) and the small-connector proof
// (test/small-connector.test.ts) read it through checkDemo(); the totals table
// in EXPECTED.md is generated from it:
//
//   node --import tsx test/helpers/demo-oracle.ts --write
//
// An entry: {"rule", "severity", "subject": "source / container / type / id"
// (container `—` when the source has none), "entitlement" (only when the
// finding names one)}. A finding goes in the file of the source whose data
// makes it fire (a leaver's AWS access in aws.json, though its subject may be
// the HR person).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { readFindings, type StoredFinding } from '../../src/findings/finding-store.js';
import { silentProgress } from '../../src/util/progress.js';
import type { Registry } from '../../src/sources/connector.js';

export const DEMO_ESTATE = fileURLToPath(new URL('../../examples/demo-estate/', import.meta.url));
export const EXPECTED_MD = join(DEMO_ESTATE, 'EXPECTED.md');

export interface ExpectedFinding {
  rule: string;
  severity: string;
  subject: string;
  entitlement?: string;
}

export const oracleFile = (estate: string, source: string) => join(estate, 'expected', `${source}.json`);

/** Every registered source's oracle file, checked for shape; a missing file is an error naming it. */
export function readOracle(estate: string, sources: readonly string[]): Map<string, ExpectedFinding[]> {
  const out = new Map<string, ExpectedFinding[]>();
  for (const source of sources) {
    const file = oracleFile(estate, source);
    assert.ok(existsSync(file), `${file} is missing: every source lists its demo findings there ({"source": "${source}", "findings": []} when it has none)`);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { source?: unknown; findings?: unknown };
    assert.equal(doc.source, source, `${file}: "source" must be "${source}"`);
    assert.ok(Array.isArray(doc.findings), `${file}: "findings" must be an array`);
    (doc.findings as ExpectedFinding[]).forEach((f, i) => {
      for (const k of ['rule', 'severity', 'subject'] as const) assert.equal(typeof f[k], 'string', `${file}: findings[${i}].${k} must be a string`);
      // A container may hold a slash (`openai/acme`); source and type never do.
      assert.match(f.subject, /^[^/]+ \/ .+ \/ [^/]+ \/ .+$/, `${file}: findings[${i}].subject is "source / container / type / id"`);
    });
    out.set(source, doc.findings as ExpectedFinding[]);
  }
  return out;
}

/** A finding as one comparable line: the oracle's fields, in its notation. */
export function findingLine(f: ExpectedFinding): string {
  return [f.rule, f.severity, f.subject, f.entitlement].filter(Boolean).join(' | ');
}

export function storedAsExpected(f: StoredFinding): ExpectedFinding {
  return {
    rule: f.ruleId,
    severity: f.severity,
    subject: `${f.subject.source} / ${f.subject.container ?? '—'} / ${f.subject.type} / ${f.subject.id}`,
    ...(f.entitlement ? { entitlement: f.entitlement } : {}),
  };
}

/**
 * Scan `estate` with `registry` into a fresh store and compare with the
 * oracle: every registered source has a demo folder, an oracle file and
 * loads completely, and the findings are exactly the oracle's.
 */
export async function checkDemo(registry: Registry, estate: string): Promise<void> {
  const sources = registry.map((c) => c.source);
  for (const s of sources) assert.ok(existsSync(join(estate, s)), `${join(estate, s)}/ is missing: every source shows itself in the demo estate`);
  const oracle = readOracle(estate, sources);
  const store = await openEmbeddedStore(join(mkdtempSync(join(tmpdir(), 'driftgraph-demo-')), 'graph.db'));
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: estate, config: {}, exceptions: [], progress: silentProgress });
    assert.deepEqual(
      result.outcomes.map((o) => `${o.source}:${o.status}`),
      sources.map((s) => `${s}:loaded`),
      'every registered source loads completely from the demo estate',
    );
    assert.equal(result.exitCode, 0);
    // A fresh store: every finding it holds is one this scan found.
    const got = (await readFindings(store)).map((f) => findingLine(storedAsExpected(f))).sort();
    const want = [...oracle.values()].flat().map(findingLine).sort();
    assert.deepEqual(got, want, `the demo findings differ from ${join(estate, 'expected')}/*.json (+ found, - expected)`);
  } finally {
    await store.close();
  }
}

const BEGIN = '<!-- oracle totals: generated from expected/*.json by `node --import tsx test/helpers/demo-oracle.ts --write`; edit the JSON, not this table -->';
const END = '<!-- end of oracle totals -->';

/** The totals table of EXPECTED.md: findings per rule and source file, and the sum. */
export function totalsTable(oracle: Map<string, ExpectedFinding[]>): string {
  const sources = [...oracle.keys()].filter((s) => oracle.get(s)!.length);
  const rules = [...new Set([...oracle.values()].flat().map((f) => f.rule))].sort();
  const count = (rule: string | null, s: string | null) =>
    [...oracle.entries()].filter(([k]) => !s || k === s).flatMap(([, l]) => l).filter((f) => !rule || f.rule === rule).length;
  const lines = [
    `A first scan of this estate produces **${count(null, null)} findings**, listed one by one in \`expected/<source>.json\`:`,
    '',
    `| rule | ${sources.join(' | ')} | total |`,
    `|---|${sources.map(() => '---|').join('')}---|`,
    ...rules.map((r) => `| ${r} | ${sources.map((s) => count(r, s)).join(' | ')} | ${count(r, null)} |`),
    `| **total** | ${sources.map((s) => `**${count(null, s)}**`).join(' | ')} | **${count(null, null)}** |`,
  ];
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

/** EXPECTED.md with its totals block replaced by the one the oracle gives. */
export function withTotals(markdown: string, oracle: Map<string, ExpectedFinding[]>): string {
  const a = markdown.indexOf(BEGIN);
  const b = markdown.indexOf(END);
  assert.ok(a >= 0 && b > a, `${EXPECTED_MD}: the generated totals block (${BEGIN} ... ${END}) is missing`);
  return markdown.slice(0, a) + totalsTable(oracle) + markdown.slice(b + END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  const { registry } = await import('../../connectors/index.js');
  const oracle = readOracle(DEMO_ESTATE, registry.map((c) => c.source));
  writeFileSync(EXPECTED_MD, withTotals(readFileSync(EXPECTED_MD, 'utf8'), oracle));
  process.stdout.write(`${EXPECTED_MD}: totals written\n`);
}
