// Rules on missing data: a rule that needs a source (its `depends-on`) does
// not judge from that source's absence. When the source failed or was partial
// in this scan, was left out while the snapshot holds it or the store loaded
// it before, or has never loaded at all, the rule is not run: it creates
// nothing, resolves nothing, and the summary says "not run: needs <source>"
// and what to add. An AWS-only first scan would otherwise call every IAM
// user "unlinked" and every NHI "with no owner". A team whose estate truly
// has no such source says so (`sources.absent: [catalog]`): the rule then
// runs, and its findings say what it could not know.
import type { GraphStore } from '../graph/store.js';
import type { RuleFile } from '../rules/rule-file.js';
import { sourceFolderExists } from './snapshot.js';
import type { SourceOutcome } from '../sources/source-outcome.js';

async function storeHas(store: GraphStore, source: string): Promise<boolean> {
  const rows = await store.read('MATCH (n:Entity) WHERE n.source = $source RETURN n.key AS key LIMIT 1', { source });
  return rows.length > 0;
}

/** An earlier scan recorded the source as loaded (even when it held no records). */
async function loadedBefore(store: GraphStore, source: string): Promise<boolean> {
  if (await storeHas(store, source)) return true;
  const rows = await store.read(
    `MATCH (s:Scan) WHERE s.status = 'complete' AND (s.sources CONTAINS $loaded OR s.sources CONTAINS $partial) RETURN s.id AS id LIMIT 1`,
    { loaded: `{"source":${JSON.stringify(source)},"status":"loaded"`, partial: `{"source":${JSON.stringify(source)},"status":"partial"` },
  );
  return rows.length > 0;
}

export interface RulePlanOptions {
  /** Sources the config declares the estate does not have (`sources.absent`). */
  absent: readonly string[];
  /** The config file, for the advice. */
  configFile: string;
}

export interface RulePlan {
  /** rule id -> why it is not run. */
  held: Map<string, string>;
  /** rule id -> the declared-absent sources it runs without. */
  without: Map<string, string[]>;
  /** What to add, once per never-loaded source that held a rule back. */
  advice: string[];
}

interface Missing {
  why: string;
  /** Never loaded and not in this scan: `sources.absent` can let the rule run. */
  never: boolean;
}

/** Why each source is missing from this scan, for the sources that are. */
async function missingSources(store: GraphStore, outcomes: SourceOutcome[], snapshotDir: string): Promise<Map<string, Missing>> {
  const missing = new Map<string, Missing>();
  for (const o of outcomes) {
    const s = o.source;
    if (o.status === 'failed') missing.set(s, { why: `${s} failed in this scan`, never: false });
    else if (o.status === 'partial') missing.set(s, { why: `${s} loaded only in part`, never: false });
    else if (o.status === 'not-scanned') {
      if (await sourceFolderExists(snapshotDir, s)) missing.set(s, { why: `${s} is in the snapshot but was left out`, never: false });
      else if (await loadedBefore(store, s)) missing.set(s, { why: `${s} was loaded before but not in this scan`, never: false });
      else {
        missing.set(s, { why: `${s} has never loaded`, never: true });
      }
    }
  }
  return missing;
}

export async function planRules(
  store: GraphStore,
  rules: RuleFile[],
  outcomes: SourceOutcome[],
  snapshotDir: string,
  o: RulePlanOptions,
): Promise<RulePlan> {
  const missing = await missingSources(store, outcomes, snapshotDir);
  const held = new Map<string, string>();
  const without = new Map<string, string[]>();
  const heldBy = new Map<string, string[]>();
  for (const rule of rules) {
    const reasons = new Map<string, string>();
    const absent: string[] = [];
    // A source named in `requires` (alone or as one of `a|b`) is judged there:
    // never having loaded one of the alternatives holds nothing back.
    const required = new Set(rule.requires.flatMap((r) => r.split('|')));
    for (const s of rule.dependsOn) {
      const m = missing.get(s);
      if (!m || (m.never && required.has(s))) continue;
      if (m.never && o.absent.includes(s)) absent.push(s);
      else {
        reasons.set(s, m.why);
        if (m.never) heldBy.set(s, [...(heldBy.get(s) ?? []), rule.id]);
      }
    }
    // `requires:` is stricter: the source must load in this scan, even when the
    // estate never had it (the device rule without a devices/ folder would take
    // every device for unknown).
    // `a|b`: either source will do (a sign-in log from Okta or Entra ID).
    for (const req of rule.requires) {
      const alternatives = req.split('|').filter(Boolean);
      const loaded = alternatives.some((s) => outcomes.some((x) => x.source === s && x.status === 'loaded'));
      const why = (s: string) => {
        const m = missing.get(s);
        return m && !m.never ? m.why : `no ${s}/ in this scan`;
      };
      if (!loaded) reasons.set(req, `${alternatives.map(why).join(', ')}; this rule runs only in scans where ${alternatives.join(' or ')} loads`);
    }
    if (reasons.size) held.set(rule.id, `needs ${[...reasons.keys()].join(', ')} (${[...reasons.values()].join('; ')})`);
    else if (absent.length) without.set(rule.id, absent);
  }
  const advice = [...heldBy].map(
    ([s, ids]) =>
      `${s} has never loaded, so ${ids.length} rule(s) that need it did not run (${ids.join(', ')}): add a folder ${s}/ to the ` +
      `snapshot (or to the exports folder of a live scan); or, if this estate has no ${s} at all, say so in ${o.configFile} ` +
      `with "sources: {absent: [${s}]}" and those rules will run and say what they could not know`,
  );
  return { held, without, advice };
}
