// Every connector runs the same contract (test/helpers/connector-contract.ts)
// on the demo estate: stable records, keys of the declared shape, declared
// types only, and a broken file that fails its own container and no other.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { registry } from '../connectors/index.js';
import { checkBrokenFile, checkMapping, firstFile, type ContractCase } from './helpers/connector-contract.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';

for (const connector of registry) {
  const breakFile = firstFile(DEMO, connector.source, connector.hasContainers);
  if (!breakFile) {
    // A built connector must show itself in the demo estate; one that is not
    // built (it declares no types) says so itself (test/foundation.test.ts).
    const built = connector.subjectTypes.length > 0;
    it(`connector contract: ${connector.source} has a folder in the demo estate`, { skip: built ? false : 'not built' }, () => {
      assert.fail(`examples/demo-estate/${connector.source}/ is missing: every connector shows itself in the demo estate`);
    });
    continue;
  }
  const c: ContractCase = { connector, snapshotDir: DEMO, now: NOW, breakFile };
  describe(`connector contract: ${connector.source}`, () => {
    it('maps the same snapshot to the same, well-formed, declared records', () => checkMapping(c));
    it('a broken file fails its own container only, naming the file and the place', () => checkBrokenFile(c));
  });
}
