// Whether an IAM user is an NHI depends on other sources: a person in HR its
// email tag names, a catalog entry that lists it. Derive writes its answer
// (`isNhi`) on the user; the user's own record not changing must not freeze
// that answer when the other sources change. (It did: the stored answer was
// read back as if the connector had declared it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeEstate } from '../helpers/estate.js';
import { account, ana, bob, estate, none, one, scanInto, tempRoot, uArn } from '../rules/scan-helpers.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';

const cli = { name: 'ana-cli', tags: { email: 'ana@example.com' }, keys: [{ id: 'AKIAANA1', created: '2026-11-01T00:00:00Z', lastUsed: '2026-11-19T00:00:00Z' }] };

async function identity(db: string): Promise<{ labels: string[]; isNhi: unknown; person: unknown }> {
  const store = await openEmbeddedStore(db);
  try {
    const rows = await store.read(
      'MATCH (n:Identity {nativeId: $arn}) OPTIONAL MATCH (n)-[:LINKED_TO]->(p:Person) RETURN labels(n) AS labels, n.isNhi AS isNhi, p.email AS person',
      { arn: uArn('ana-cli') },
    );
    return rows[0] as { labels: string[]; isNhi: unknown; person: unknown };
  } finally {
    await store.close();
  }
}

test('an IAM user is worked out again when HR or the catalog changes and its own files do not', async () => {
  const root = await tempRoot();
  const db = join(root, 'graph.db');
  const aws = [account({ users: [cli] })];
  // 1. Its email names nobody in HR, no password: an NHI with no owner.
  let fs = await scanInto(db, await writeEstate(estate({ people: [bob], aws }), root));
  one(fs, 'orphaned-nhi', uArn('ana-cli'));
  assert.equal((await identity(db)).isNhi, true);

  // 2. Ana joins; the AWS files are byte for byte the same: the user is her account now.
  fs = await scanInto(db, await writeEstate(estate({ people: [ana, bob], aws }), root));
  let now = await identity(db);
  assert.equal(now.isNhi, false, 'linked to a person, it is an account');
  assert.ok(now.labels.includes('Account') && !now.labels.includes('NHI'), `labels ${now.labels}`);
  assert.equal(now.person, 'ana@example.com');
  none(fs.filter((f) => f.status !== 'resolved'), 'orphaned-nhi', uArn('ana-cli'));

  // 3. The catalog lists it as a service's identity: an NHI again, with the AWS files still the same.
  const catalog = { services: [{ name: 'cli', owner: 'user:default/e2', identities: [uArn('ana-cli')] }], users: [{ name: 'e2', email: 'bob@example.com' }] };
  fs = await scanInto(db, await writeEstate(estate({ people: [ana, bob], aws, catalog }), root));
  now = await identity(db);
  assert.equal(now.isNhi, true, 'listed by the catalog, it is an NHI');
  assert.ok(now.labels.includes('NHI'), `labels ${now.labels}`);
  assert.equal(now.person, null, 'an NHI has owners, not a person');
});
