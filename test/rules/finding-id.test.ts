// Finding ids are stable: the same across two scans of one store and across
// two separate stores.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StoredFinding } from '../../src/findings/finding-store.js';
import { ago, writeEstate } from '../helpers/estate.js';
import { NOW, account, ana, estate, scanInto, tempRoot } from './scan-helpers.js';

describe('finding ids', () => {
  it('are the same across two scans and across two separate stores', async () => {
    const e = estate({
      people: [ana],
      aws: [account({ root: { mfa: false }, users: [{ name: 'ci-bot', keys: [{ id: 'AKIACI1', created: ago(NOW, 200), lastUsed: ago(NOW, 100) }] }] })],
    });
    const root = await tempRoot();
    const dir = await writeEstate(e, root);
    const ids = (fs: StoredFinding[]) => fs.map((f) => `${f.ruleId} ${f.subject.id} ${f.id}`).sort();
    const first = await scanInto(join(root, 'a.db'), dir);
    const second = await scanInto(join(root, 'a.db'), dir);
    const other = await scanInto(join(root, 'b.db'), dir);
    assert.ok(first.length >= 4, `expected several findings, got ${ids(first).join('; ')}`);
    assert.deepEqual(ids(second), ids(first));
    assert.deepEqual(ids(other), ids(first));
    assert.ok(first.every((f) => /^f_[0-9a-f]{24}$/.test(f.id)));
  });
});
