// The bundled demo estate (what `npm start` scans) yields exactly the findings
// of its oracle, examples/demo-estate/expected/<source>.json: every rule fires
// where it should and none of the near misses beside them does. The sources
// come from the registry, so a new source needs no line here: only its demo
// folder and its oracle file (test/helpers/demo-oracle.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { registry } from '../connectors/index.js';
import { checkDemo, DEMO_ESTATE, EXPECTED_MD, readOracle, withTotals } from './helpers/demo-oracle.js';

test('the demo estate gives exactly the findings of its oracle, and every registered source loads', async () => {
  await checkDemo(registry, DEMO_ESTATE);
});

/** How the page may name a subject: whole, by its last path segment, by the name before @, or a key by `…` and its last four characters. */
function namesOf(id: string): string[] {
  const last = id.split('/').at(-1)!;
  return [id, `\`${last}\``, `/${last}\``, `\`${last.split('@')[0]}\``, `…${last.slice(-4)}`];
}

test('EXPECTED.md agrees with the oracle: its totals are generated from it, and it explains every finding', () => {
  const oracle = readOracle(DEMO_ESTATE, registry.map((c) => c.source));
  const markdown = readFileSync(EXPECTED_MD, 'utf8');
  assert.equal(markdown, withTotals(markdown, oracle), `${EXPECTED_MD}: the totals are out of date; run: node --import tsx test/helpers/demo-oracle.ts --write`);
  const unexplained = [...oracle.values()]
    .flat()
    .map((f) => f.subject.split(' / ').slice(3).join(' / '))
    .filter((id) => !namesOf(id).some((name) => markdown.includes(name)));
  assert.deepEqual(unexplained, [], `${EXPECTED_MD} does not say why these subjects have findings`);
});
