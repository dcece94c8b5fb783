// Rules on missing data: a rule that needs a source (its `depends-on`) does
// not judge from that source's absence. When the source failed or was partial
// in this scan, or was left out while the snapshot holds it or the store
// loaded it before, the rule is not run: it creates nothing, resolves
// nothing, and the summary says "not run: needs <source>". A source the
// estate never had holds nothing back.
import type { GraphStore } from '../graph/store.js';
import type { RuleFile } from '../rules/rule-file.js';
import { sourceFolderExists } from './snapshot.js';
import type { SourceOutcome } from '../sources/source-outcome.js';

async function storeHas(store: GraphStore, source: string): Promise<boolean> {
  const rows = await store.read('MATCH (n:Entity) WHERE n.source = $source RETURN n.key AS key LIMIT 1', { source });
  return rows.length > 0;
}

/** Why each source is missing from this scan, for the sources that are. */
async function missingSources(store: GraphStore, outcomes: SourceOutcome[], snapshotDir: string): Promise<Map<string, string>> {
  const missing = new Map<string, string>();
  for (const o of outcomes) {
    if (o.status === 'failed') missing.set(o.source, `${o.source} failed in this scan`);
    else if (o.status === 'partial') missing.set(o.source, `${o.source} loaded only in part`);
    else if (o.status === 'not-scanned') {
      if (await sourceFolderExists(snapshotDir, o.source)) missing.set(o.source, `${o.source} is in the snapshot but was left out`);
      else if (await storeHas(store, o.source)) missing.set(o.source, `${o.source} was loaded before but not in this scan`);
    }
  }
  return missing;
}

/** rule id -> why it is not run. */
export async function heldRules(
  store: GraphStore,
  rules: RuleFile[],
  outcomes: SourceOutcome[],
  snapshotDir: string,
): Promise<Map<string, string>> {
  const missing = await missingSources(store, outcomes, snapshotDir);
  const held = new Map<string, string>();
  for (const rule of rules) {
    const reasons = new Map<string, string>();
    for (const s of rule.dependsOn) if (missing.has(s)) reasons.set(s, missing.get(s)!);
    // `requires:` is stricter: the source must load in this scan, even when the
    // estate never had it (the device rule without a devices/ folder would take
    // every device for unknown).
    // `a|b`: either source will do (a sign-in log from Okta or Entra ID).
    for (const req of rule.requires) {
      const alternatives = req.split('|').filter(Boolean);
      const loaded = alternatives.some((s) => outcomes.some((o) => o.source === s && o.status === 'loaded'));
      if (!loaded) reasons.set(req, alternatives.map((s) => missing.get(s) ?? `no ${s}/ in this scan`).join(', '));
    }
    if (reasons.size) held.set(rule.id, `needs ${[...reasons.keys()].join(', ')} (${[...reasons.values()].join('; ')})`);
  }
  return held;
}
