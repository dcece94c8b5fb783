// A snapshot made of files shaped like Google's own tools' output (see
// test/fixtures/provider-examples/gcp-published/README.md) loads through the
// command line, and each form is read as docs/rules.md's words say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir } from '../helpers/cli.js';

const SNAPSHOT = fileURLToPath(new URL('../fixtures/provider-examples/gcp-published/', import.meta.url));
const P = 'example-project-123';
const MY = `my-service-account@${P}.iam.gserviceaccount.com`;
const KEY = `projects/${P}/serviceAccounts/${MY}/keys/90c48f61c65cd56224a12ab18e6ee9ca9c3aee7c`;

test("Google's published forms load and map as the spec's words say", () => {
  const db = join(tempDir(), 'graph.db');
  const scan = cli(['--db', db, 'scan', '--from', SNAPSHOT, '--sources', 'hr,gcp']);
  assert.equal(scan.code, 0, scan.stdout + scan.stderr);
  const findings = JSON.parse(cli(['--db', db, 'findings', '--format', 'json']).stdout) as { ruleId: string; subject: { id: string }; evidence: Record<string, unknown> }[];
  const got = findings.map((f) => `${f.ruleId} ${f.subject.id}`).sort();
  assert.deepEqual(got, [
    `broad-workload-trust projects/123456789012/locations/global/workloadIdentityPools/github/providers/github-actions`,
    `leaver-active-access user:sam@example.com`,
    `long-lived-credential ${KEY}`,
    `orphaned-nhi 123456789012-compute@developer.gserviceaccount.com`,
    `orphaned-nhi ${P}@appspot.gserviceaccount.com`,
    `stale-credential ${KEY}`,
  ].sort());
  const leaver = findings.find((f) => f.ruleId === 'leaver-active-access')!;
  assert.deepEqual(leaver.evidence.roles, ['roles/owner', 'roles/secretmanager.secretAccessor'], 'a conditional binding is still held');

  const q = (cypher: string) => JSON.parse(cli(['--db', db, 'query', cypher, '--format', 'json']).stdout) as Record<string, unknown>[];
  const agents = q("MATCH (n:Identity) WHERE n.providerManaged = true RETURN n.nativeId AS id ORDER BY id").map((r) => r.id);
  assert.deepEqual(agents, ['123456789012@cloudservices.gserviceaccount.com', 'service-123456789012@compute-system.iam.gserviceaccount.com'], 'service agents: in bindings, in no list');
  const ent = q("MATCH (e:Entitlement {name: 'roles/iam.workloadIdentityUser'}) RETURN e.otherMembers AS m")[0]!;
  assert.equal((ent.m as string[])[0]!.startsWith('principalSet://'), true);
  const owner = q("MATCH (e:Entitlement {name: 'roles/owner'}) RETURN e.otherMembers AS m")[0]!;
  assert.deepEqual(owner.m, ['deleted:user:kim@example.com?uid=123456789012345678901'], 'a deleted member is recorded, never an account');
  const sa = q(`MATCH (n:Identity {nativeId: '${MY}'})-[:OWNED_BY]->(p:Person) RETURN p.email AS owner, n.lastUsedAt AS last`)[0]!;
  assert.deepEqual(sa, { owner: 'alex@example.com', last: '2026-11-18T08:00:00.000Z' });
});
