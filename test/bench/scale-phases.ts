// What the scale benchmark measures inside one scan: rows and time per kind
// of write (from each statement's text), and where each phase begins and ends
// (from the scan's own progress lines and from the rule queries going by).
import type { GraphStore, Params, Row } from '../../src/graph/store.js';

export interface Tally {
  statements: number;
  rows: number;
  ms: number;
}

/** A moment in the scan: a progress line, a rule query starting or ending, the final Scan write. */
export interface Mark {
  at: number;
  what: 'progress' | 'rule-start' | 'rule-end' | 'scan-complete';
  text?: string;
}

/** What a write statement does, from its text: the writer's, the derive step's, the findings'. */
function kindOf(cypher: string): string {
  if (/MERGE \(n:Entity/.test(cypher)) return 'nodes';
  if (/MERGE \(a\)-\[e:/.test(cypher)) return 'relationships';
  if (/AS removed|AS dropped/.test(cypher)) return 'removals';
  if (/Finding/.test(cypher)) return 'findings';
  if (/Scan/.test(cypher)) return 'scan';
  return 'derive';
}

/** `store`, with every statement counted into `tallies` and the phase marks noted in `marks`. */
export function countedStore(store: GraphStore, tallies: Map<string, Tally>, marks: Mark[], at: () => number, ruleTexts: Set<string>): GraphStore {
  const time = async (kind: string, rows: number, run: () => Promise<Row[]>) => {
    const t = at();
    const out = await run();
    const tally = tallies.get(kind) ?? { statements: 0, rows: 0, ms: 0 };
    tally.statements++;
    tally.rows += rows;
    tally.ms += at() - t;
    tallies.set(kind, tally);
    return out;
  };
  const rowsOf = (p?: Params) => {
    const list = (p?.rows ?? p?.keys ?? p?.ids) as unknown[] | undefined;
    return Array.isArray(list) ? list.length : 1;
  };
  return {
    kind: store.kind,
    location: store.location,
    read: async (c: string, p?: Params) => {
      const rule = ruleTexts.has(c);
      if (rule) marks.push({ at: at(), what: 'rule-start' });
      const out = await time(rule ? 'rules' : 'reads', 0, () => store.read(c, p));
      if (rule) marks.push({ at: at(), what: 'rule-end' });
      return out;
    },
    write: (c: string, p?: Params) => {
      if (/s\.status = 'complete'/.test(c)) marks.push({ at: at(), what: 'scan-complete' });
      return time(kindOf(c), rowsOf(p), () => store.write(c, p));
    },
    // The findings are written in one transaction: its statements are counted too.
    writeTx: (w) => store.writeTx((tx) => w({ run: (c, p) => time(kindOf(c), rowsOf(p), () => tx.run(c, p)) })),
    close: () => store.close(),
  };
}

/**
 * Milliseconds per phase: `load` with one entry per source (from its
 * "<source>: reading <dir>/" line to the next source's, or to "linking:"),
 * `derive` (linking to the first rule query), `rules` (the rule queries
 * themselves), `findings` (building, writing and updating findings: the
 * detection step, which runs rule by rule, less its rule queries, up to the
 * scan's final write) and `finish` (that write and the scan figures).
 */
export function phasesOf(marks: Mark[], scanEnd: number): Record<string, unknown> {
  const lines = marks.filter((m) => m.what === 'progress');
  const starts: { source: string; at: number }[] = [];
  for (const m of lines) {
    const hit = /^([a-z0-9-]+): reading .*\/$/.exec(m.text ?? '');
    if (hit && !starts.some((s) => s.source === hit[1])) starts.push({ source: hit[1]!, at: m.at });
  }
  const linking = lines.find((m) => m.text?.startsWith('linking:'))?.at ?? scanEnd;
  const detectFrom = marks.find((m) => m.what === 'rule-start')?.at ?? linking;
  let rules = 0;
  let open = 0;
  for (const m of marks) {
    if (m.what === 'rule-start') open = m.at;
    if (m.what === 'rule-end') rules += m.at - open;
  }
  const complete = marks.find((m) => m.what === 'scan-complete')?.at ?? scanEnd;
  const load: Record<string, number> = {};
  starts.forEach((s, i) => (load[s.source] = (starts[i + 1]?.at ?? linking) - s.at));
  return {
    start: starts[0]?.at ?? 0,
    load,
    loadTotal: linking - (starts[0]?.at ?? 0),
    derive: detectFrom - linking,
    rules,
    findings: complete - detectFrom - rules,
    finish: scanEnd - complete,
  };
}
