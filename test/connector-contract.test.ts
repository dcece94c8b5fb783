// Every connector runs the same contract (test/helpers/connector-contract.ts)
// on the demo estate: stable records, keys of the declared shape, declared
// types only, and a broken file that fails its own container and no other.
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registry } from '../connectors/index.js';
import { checkBrokenFile, checkMapping, type ContractCase } from './helpers/connector-contract.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';

/** Per source: the file to break and the container it belongs to. */
const BREAK: Record<string, { path: string; container: string }> = {
  hr: { path: 'hr/people.csv', container: '' },
  catalog: { path: 'catalog/payments.yaml', container: '' },
  aws: { path: 'aws/111111111111/account-authorization-details.json', container: '111111111111' },
};

for (const connector of registry) {
  const breakFile = BREAK[connector.source];
  if (!breakFile) continue; // not built: it says so itself (test/foundation.test.ts)
  const c: ContractCase = { connector, snapshotDir: DEMO, now: NOW, breakFile };
  describe(`connector contract: ${connector.source}`, () => {
    it('maps the same snapshot to the same, well-formed, declared records', () => checkMapping(c));
    it('a broken file fails its own container only, naming the file and the place', () => checkBrokenFile(c));
  });
}
