// Two kills of the kill -9 property (test/proof/kill9-core.ts); `npm run
// proof:kill9` runs fifty. A scan killed part-way is visible as 'running';
// the next scan completes and leaves the store as a clean run would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failed, fixture, trial } from './proof/kill9-core.js';

test('a scan killed with SIGKILL part-way: store opens, shows the scan incomplete, next scan restores the clean result', async () => {
  const root = mkdtempSync(join(tmpdir(), 'driftgraph-kill9-test-'));
  try {
    const f = await fixture(root);
    // Early in the writing window and about half-way through it.
    for (const [i, at] of [0.1, 0.5].entries()) {
      const r = await trial(f, `t${i}`, Math.round(f.cleanMs * at));
      assert.ok(!failed(r), JSON.stringify(r));
      if (r.phase === 'during') assert.equal(r.invisible, false);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
