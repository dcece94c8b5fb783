// A reader that stops early (`driftgraph findings --format json | head`)
// closes the pipe: the command ends quietly with 0, never with a crash trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEmbeddedStore } from '../src/graph/grafeo-store.js';
import { ensureSchema } from '../src/graph/schema.js';
import { writeFindings } from '../src/findings/finding-store.js';
import { tempDir } from './helpers/cli.js';
import { hostileFinding } from './tickets/sink-contract.js';

const BIN = fileURLToPath(new URL('../bin/driftgraph.mjs', import.meta.url));

test('findings --format json into a pipe closed after the first bytes: exit 0, nothing on stderr', async () => {
  const db = join(tempDir(), 'graph.db');
  const store = await openEmbeddedStore(db);
  try {
    await ensureSchema(store);
    // Far more than a pipe buffer holds, so the writer meets the closed pipe.
    const many = Array.from({ length: 400 }, (_, i) => hostileFinding({ id: `f_${String(i).padStart(24, '0')}` }));
    await writeFindings(store, many);
  } finally {
    await store.close();
  }
  const child = spawn(process.execPath, [BIN, 'findings', '--db', db, '--format', 'json'], { env: { ...process.env, NEO4J_URI: '' } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
  assert.ok(first.toString().startsWith('['));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
});
