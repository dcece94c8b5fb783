// "A new source is one folder, one line in connectors/index.ts, and its demo
// folder with its oracle file" (docs/writing-a-connector.md), proved: a small
// connector from a fixture folder (test/fixtures/small-connector/) is
// registered beside the real ones, and the checks every connector passes run
// on it unchanged: the contract, and the demo estate against its oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry } from '../connectors/index.js';
import { acmeConnector } from './fixtures/small-connector/index.js';
import { checkBrokenFile, checkMapping, firstFile } from './helpers/connector-contract.js';
import { checkDemo, DEMO_ESTATE } from './helpers/demo-oracle.js';

const FIXTURE_DEMO = fileURLToPath(new URL('./fixtures/small-connector/demo/', import.meta.url));
const NOW = '2026-11-20T02:00:00.000Z';

/** The demo estate as the new source's author leaves it: the bundled one plus the source's folder and oracle file. */
function estateWithAcme(): string {
  const dir = mkdtempSync(join(tmpdir(), 'driftgraph-small-connector-'));
  cpSync(DEMO_ESTATE, dir, { recursive: true });
  cpSync(FIXTURE_DEMO, dir, { recursive: true });
  return dir;
}

test('the small connector passes the connector contract', async () => {
  const estate = estateWithAcme();
  const breakFile = firstFile(estate, acmeConnector.source, acmeConnector.hasContainers);
  assert.deepEqual(breakFile, { path: 'acme/users.json', container: '' });
  const c = { connector: acmeConnector, snapshotDir: estate, now: NOW, breakFile: breakFile! };
  await checkMapping(c);
  await checkBrokenFile(c);
});

test('registered with the others, the demo estate with its folder gives exactly the oracle, its own finding included', async () => {
  await checkDemo([...registry, acmeConnector], estateWithAcme());
});

test('the demo check fails when a registered source has no oracle file (so it cannot pass by accident)', async () => {
  await assert.rejects(checkDemo([...registry, acmeConnector], DEMO_ESTATE), /acme\/ is missing|acme\.json is missing/);
});
