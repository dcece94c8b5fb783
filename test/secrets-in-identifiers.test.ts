// A token pasted into a field never lands, whatever the field: an identifier
// (a GitHub login, a SCIM userName, a device id) that is not in its
// provider's format fails its container, naming the file and place but not
// the value; free text (a team name, a display name) is kept with the token
// replaced; and the store's last net redacts any value with whitespace that
// holds a token, and refuses a record whose key holds one.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { registry } from '../connectors/index.js';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { runScan } from '../src/scan/run-scan.js';
import { readFindings } from '../src/findings/finding-store.js';
import { redactRecords, secretKeys } from '../src/scan/redact-records.js';
import type { GraphBatch } from '../src/graph/records.js';

const DEMO = fileURLToPath(new URL('../examples/demo-estate/', import.meta.url));
/** An API token written in hex, and a GitHub token: the shapes that used to land through an id field. */
const HEX = 'a3f1c9e07b5d42e8a6c1f0b9d37e5a2c4b8f6d10';
const GHP = 'ghp_PLANTEDplanted0123456789abcdefGHIJKLmn';

const roots: string[] = [];
after(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function snapshot(): Promise<{ root: string; snap: string }> {
  const root = await mkdtemp(join(tmpdir(), 'driftgraph-secret-ids-'));
  roots.push(root);
  const snap = join(root, 'snapshot');
  for (const part of ['hr', 'catalog', 'github', 'scim', 'devices', 'manifest.json']) await cp(join(DEMO, part), join(snap, part), { recursive: true });
  return { root, snap };
}

async function edit(file: string, change: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  change(json);
  await writeFile(file, JSON.stringify(json));
}

async function filesUnder(dir: string): Promise<string> {
  let all = '';
  for (const f of await readdir(dir, { recursive: true })) {
    const p = join(dir, f);
    if ((await stat(p)).isFile()) all += (await readFile(p)).toString('latin1');
  }
  return all;
}

/** Scan `snap` into a fresh store; everything the scan said and the store holds, as text. */
async function scan(root: string, snap: string) {
  const lines: string[] = [];
  const dir = await mkdtemp(join(root, 'store-'));
  const store = await openEmbeddedStore(join(dir, 'graph.db'));
  try {
    await ensureSchema(store);
    const result = await runScan(store, { registry, snapshotDir: snap, config: {}, exceptions: [], progress: { step: (x: string) => lines.push(x) } });
    const nodes = await store.read('MATCH (n) RETURN properties(n) AS p');
    const findings = await readFindings(store);
    const of = (source: string) => result.outcomes.find((o) => o.source === source)!;
    return { of, said: JSON.stringify(result) + lines.join('\n'), nodes: JSON.stringify(nodes), findings: JSON.stringify(findings), dir };
  } finally {
    await store.close();
  }
}

describe('a token in an identifier or free-text field', () => {
  it('an id outside its provider format fails its container, naming file and place, never the value', async () => {
    const { root, snap } = await snapshot();
    await edit(join(snap, 'github/northwind-robotics/members.json'), (j) => (j[0].login += ` ${HEX}`));
    await edit(join(snap, 'scim/atlassian/Users.json'), (j) => (j.Resources[0].userName += ` ${HEX}`));
    const csv = (await readFile(join(snap, 'devices/devices.csv'), 'utf8')).split('\n');
    csv[1] = csv[1]!.replace(/^[^,]+/, (id) => `"${id} ${GHP}"`);
    await writeFile(join(snap, 'devices/devices.csv'), csv.join('\n'));

    const s = await scan(root, snap);
    assert.equal(s.of('github').status, 'failed');
    assert.match(s.of('github').failedContainers[0]!.error, /github\/northwind-robotics\/members\.json at \$\[0\]\.login: not a GitHub login/);
    assert.deepEqual(s.of('scim').containers, ['salesforce'], 'the other app loads');
    assert.match(s.of('scim').failedContainers[0]!.error, /scim\/atlassian\/Users\.json at \$\.Resources\[0\]\.userName: userName is not an identifier/);
    assert.equal(s.of('devices').status, 'failed');
    assert.match(s.of('devices').errors.join('\n'), /devices\/devices\.csv line 2: device_id is not an identifier/);
    for (const t of [HEX, GHP.slice(4)]) {
      for (const [where, text] of Object.entries({ said: s.said, nodes: s.nodes, findings: s.findings, files: await filesUnder(s.dir) })) {
        assert.ok(!text.includes(t), `the token reached ${where}`);
      }
    }
  });

  it('free text keeps its words and loses the token; the store redacts a value with whitespace in any field', async () => {
    const { root, snap } = await snapshot();
    await edit(join(snap, 'github/northwind-robotics/teams.json'), (j) => (j[0].name += ` ${HEX}`));
    await edit(join(snap, 'scim/atlassian/Users.json'), (j) => (j.Resources[1].displayName = `Ravi Patel ${HEX}`));
    await edit(join(snap, 'scim/atlassian/Groups.json'), (j) => (j.Resources[0].displayName += ` Bearer ${HEX}`));

    const s = await scan(root, snap);
    for (const source of ['github', 'scim']) assert.equal(s.of(source).status, 'loaded', source);
    assert.ok(s.nodes.includes('Ravi Patel [redacted]'), 'the words stay');
    for (const [where, text] of Object.entries({ said: s.said, nodes: s.nodes, findings: s.findings, files: await filesUnder(s.dir) })) {
      assert.ok(!text.includes(HEX), `the token reached ${where}`);
    }
  });

  it('the last net: text with whitespace is redacted in any property, an id without is kept, a key holding a token is found', () => {
    const graph: GraphBatch = {
      nodes: [
        { label: 'Identity', key: 'x:c:user:alice', props: { note: `rotated ${HEX}`, keyId: HEX, tags: [`owner ${HEX}`, HEX] } },
        { label: 'Identity', key: `x:c:user:bob ${HEX}`, props: {} },
        { label: 'Identity', key: `x:c:user:${GHP}`, props: {} },
      ],
      edges: [],
    };
    redactRecords(graph);
    assert.deepEqual(graph.nodes[0]!.props, { note: 'rotated [redacted]', keyId: HEX, tags: ['owner [redacted]', HEX] });
    assert.deepEqual(secretKeys(graph).map((r) => r.key), [`x:c:user:bob ${HEX}`, `x:c:user:${GHP}`]);
  });
});
