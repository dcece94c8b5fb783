// The one contract every connector passes (as the two stores share one):
// run by test/connector-contract.test.ts for each registered connector.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Connector, SourceLoad } from '../../src/sources/connector.js';
import { loadContext } from './load.js';

export interface ContractCase {
  connector: Connector<any>;
  /** A snapshot holding this source's folder (the demo estate does). */
  snapshotDir: string;
  now: string;
  /** A file (snapshot-relative) to break, and the container it must fail. */
  breakFile: { path: string; container: string };
}

const load = (c: ContractCase, dir: string): Promise<SourceLoad> =>
  c.connector.loadSnapshot(loadContext(dir, c.now, undefined));

export async function checkMapping(c: ContractCase): Promise<void> {
  const first = await load(c, c.snapshotDir);
  const second = await load(c, c.snapshotDir);
  assert.deepEqual(first.failed, [], 'the good snapshot loads');
  assert.deepEqual(second, first, 'the same snapshot maps to the same records twice');
  assert.ok(first.graph.nodes.length > 0, 'it emits records');

  const declared = new Set(c.connector.subjectTypes.map((t) => `${t.label}/${t.type}`));
  const keys = new Set<string>();
  for (const n of first.graph.nodes) {
    const p = n.props;
    for (const base of ['source', 'container', 'type', 'nativeId']) {
      assert.equal(typeof p[base], 'string', `${n.key}: base property ${base}`);
    }
    assert.equal(p.source, c.connector.source, `${n.key}: source`);
    assert.equal(n.key, `${p.source}:${p.container}:${p.type}:${p.nativeId}`, 'key is source:container:type:nativeId');
    assert.ok(declared.has(`${n.label}/${p.type}`), `${n.key}: ${n.label} of type ${p.type} is not declared in subjectTypes`);
    assert.ok(first.containers.includes(p.container as string), `${n.key}: container ${p.container} is not in containers`);
    assert.ok(!keys.has(n.key), `${n.key}: emitted twice`);
    keys.add(n.key);
  }
  for (const e of first.graph.edges) assert.ok(keys.has(e.from), `edge ${e.type} from ${e.from}: not a node of this load`);
  if (!c.connector.hasContainers) assert.deepEqual(first.containers, [''], 'a source without containers loads as one');
}

export async function checkBrokenFile(c: ContractCase): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'driftgraph-contract-'));
  try {
    await cp(c.snapshotDir, dir, { recursive: true });
    const file = join(dir, c.breakFile.path);
    // Garbage first: no JSON, CSV header or YAML document survives it.
    const text = await readFile(file);
    await writeFile(file, Buffer.concat([Buffer.from('{[\n'), text.subarray(0, Math.floor(text.length / 2))]));
    const good = await load(c, c.snapshotDir);
    const broken = await load(c, dir);
    assert.equal(broken.failed.length, 1, `one container fails: ${JSON.stringify(broken.failed)}`);
    const f = broken.failed[0]!;
    // A container may be a deeper folder (`ai/openai/<org>/`): the one the file lies in, else its first path segment.
    const container =
      good.containers.filter((k) => k && c.breakFile.path.startsWith(`${c.connector.source}/${k}/`)).sort((a, b) => b.length - a.length)[0] ??
      c.breakFile.container;
    assert.equal(f.container, container);
    assert.equal(f.place?.file, c.breakFile.path, `the error names the file: ${f.error}`);
    assert.ok(f.place?.line !== undefined || f.place?.path !== undefined, `the error names a line or JSON path: ${f.error}`);
    assert.deepEqual(
      broken.containers,
      good.containers.filter((x) => x !== container),
      'the other containers still load',
    );
    assert.ok(
      broken.graph.nodes.every((n) => n.props.container !== container),
      'nothing of the failed container is emitted',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The file to break: the first data file of the source's folder in the
 * estate, and the container it belongs to (its first path segment, for
 * sources with containers). No per-source line to add anywhere.
 */
export function firstFile(estate: string, source: string, hasContainers: boolean): { path: string; container: string } | null {
  const root = join(estate, source);
  if (!existsSync(root)) return null;
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(json|csv|ya?ml)$/.test(f) && statSync(join(root, f)).isFile())
    .sort();
  const f = files[0];
  if (!f) return null;
  return { path: `${source}/${f.split(sep).join('/')}`, container: hasContainers ? f.split(sep)[0]! : '' };
}
