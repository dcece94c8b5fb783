// A source without containers (the Okta System Log, the device inventory,
// HR) whose files are byte for byte what its last complete load read is not
// read again: the store keeps what it holds of it, the warnings that load
// gave are told again, and the findings are those of reading it. A changed
// file is read in full, and so is an HR export once a date in it (a move, a
// start) takes effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import type { GraphStore } from '../src/graph/store.js';
import { readFindings, toContract } from '../src/findings/finding-store.js';
import { registry } from '../connectors/index.js';
import { ADMIN, devicesCsv, writeEstate, type Estate } from './helpers/estate.js';
import { account, ana, humanUser } from './rules/scan-helpers.js';
import { tempDir } from './helpers/cli.js';

const estate: Estate = {
  collectedAt: '2026-11-20T02:00:00Z',
  people: [ana],
  // Ana is privileged: her sign-ins from untrusted devices are findings.
  aws: [account({ users: [humanUser(ana, { policies: [ADMIN] })] })],
  okta: [
    { email: 'ana@example.com', time: '2026-11-19T08:00:00Z', country: 'Portugal', device: 'dev-1' },
    // A country name with no ISO code: a warning on every load.
    { email: 'ana@example.com', time: '2026-11-19T09:00:00Z', country: 'Atlantis', device: 'dev-2' },
  ],
  devices: [
    { id: 'dev-1', owner: 'ana@example.com', managed: true, compliant: true },
    { id: 'dev-2', owner: 'ana@example.com', managed: false, compliant: false },
  ],
};

test('the Okta log and the device inventory are not read again while their files are unchanged', async () => {
  const root = tempDir('driftgraph-skip-sources-');
  const dir = await writeEstate(estate, root);
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const scan = async () => {
      const lines: string[] = [];
      const r = await runScan(store, { snapshotDir: dir, config: {}, exceptions: [], registry, progress: { step: (m) => void lines.push(m) } });
      const okta = r.outcomes.find((o) => o.source === 'okta')!;
      return { lines, okta, findings: (await readFindings(store)).map(toContract) };
    };
    const first = await scan();
    assert.equal(first.okta.status, 'loaded');
    assert.match(first.okta.warnings.join('\n'), /Atlantis/);
    assert.ok(first.findings.some((f) => f.ruleId === 'context-untrusted-device'), 'the unmanaged device is found');

    const again = await scan();
    for (const source of ['okta', 'devices']) {
      assert.ok(again.lines.includes(`${source}: unchanged since its last complete load (same files): not read again`), `${source} skipped: ${again.lines.join('; ')}`);
    }
    assert.deepEqual(again.okta.warnings, first.okta.warnings, 'the warnings are told again');
    assert.deepEqual(again.findings, first.findings);

    // The inventory changes: it is read in full, and the device now compliant is no longer found.
    writeFileSync(join(dir, 'devices', 'devices.csv'), devicesCsv(estate.devices!.map((d) => ({ ...d, managed: true, compliant: true }))));
    const changed = await scan();
    assert.ok(!changed.lines.some((l) => l.startsWith('devices: unchanged')), 'a changed inventory is read');
    assert.ok(changed.lines.some((l) => l.startsWith('okta: unchanged')));
    assert.ok(!changed.findings.some((f) => f.ruleId === 'context-untrusted-device' && f.status === 'open'));
  } finally {
    await store.close();
  }
});

test('an unchanged HR export is not read again until a date in it takes effect', async () => {
  const root = tempDir('driftgraph-skip-hr-');
  // Bob moves to sales on the 25th: the same files map differently from that day on.
  const hr: Estate = {
    collectedAt: '2026-11-20T02:00:00Z',
    people: [ana, { id: 'E2', email: 'bob@example.com', department: 'engineering' }],
    events: [{ id: 'E2', event: 'mover', date: '2026-11-25', fromDepartment: 'engineering', toDepartment: 'sales' }],
  };
  const dir = await writeEstate(hr, root);
  const bob = async (store: GraphStore) =>
    (await store.read("MATCH (p:Person {employeeId: 'E2'}) RETURN p.moverEventAt AS at, p.moverEventTo AS to"))[0];
  const store = await openEmbeddedStore(join(root, 'graph.db'));
  try {
    await ensureSchema(store);
    const scan = async (now: string) => {
      const lines: string[] = [];
      await runScan(store, { snapshotDir: dir, now, config: {}, exceptions: [], registry, progress: { step: (m) => void lines.push(m) } });
      return lines.filter((l) => l.startsWith('hr: ')).join('\n');
    };
    await scan('2026-11-20T02:00:00Z');
    assert.deepEqual(await bob(store), { at: null, to: null });
    // The 22nd: the same files, no date between: not read again.
    assert.match(await scan('2026-11-22T02:00:00Z'), /hr: unchanged since its last complete load/);
    // The 26th: the move has taken effect; read in full, and the move is in the graph.
    const lines = await scan('2026-11-26T02:00:00Z');
    assert.match(lines, /hr: a date in its files has taken effect since its last load: read in full/);
    assert.deepEqual(await bob(store), { at: '2026-11-25T00:00:00.000Z', to: 'sales' });
    // No date after it: from now on, not read again.
    assert.match(await scan('2026-12-30T02:00:00Z'), /hr: unchanged since its last complete load/);
  } finally {
    await store.close();
  }
});
