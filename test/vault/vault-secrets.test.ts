// The quality bar for Vault: a token, and a secret ID, planted by the
// server in every field Vault's API can echo (a lookup's `id`,
// `auth.client_token`, `wrap_info.token`, `secret_id`, `warnings`, metadata,
// display names, error text) never reaches the snapshot a collection
// writes, the store, a log line, an error, a finding or the report.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectVault } from '../../connectors/vault/collect.js';
import { registry } from '../../connectors/index.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { readFindings } from '../../src/findings/finding-store.js';
import { buildReport } from '../../reports/build-report.js';
import { reportMarkdown } from '../../reports/formats/markdown.js';
import { allText, ctx, DEMO, fast, progressLines, server, tempDir, TOKEN } from './live-helpers.js';

describe('Vault secrets never land', () => {
  for (const [what, planted] of [
    ['a Vault token', 'hvs.CAESIPLANTEDplantedPLANTED0123456789abcdefGh4KHGh2cy5'],
    ['a secret ID', 'a3c1f0e2-9b8d-4c7a-8e6f-5d4c3b2a1f09'],
  ] as const) {
    it(`quality bar: ${what} planted in every field Vault can echo never reaches the snapshot, the store, a log, an error, a finding or the report`, async () => {
      progressLines.length = 0;
      const s = await server({ echo: planted });
      // The server does echo it: a lookup answer carries it in `id`, `auth`, `wrap_info`, `warnings` and `meta`.
      const raw = await fetch(`${s.url}/v1/auth/token/lookup-accessor`, { method: 'POST', headers: { 'X-Vault-Token': TOKEN }, body: JSON.stringify({ accessor: 'RootTokenFromInit0000001' }) });
      assert.equal((await raw.text()).split(planted).length - 1, 7);
      s.log.length = 0;
      const refused = await server({ echo: planted, allow: ['sys', 'identity'] });
      const snap = await tempDir();
      await cp(join(DEMO, 'hr'), join(snap, 'hr'), { recursive: true });
      await cp(join(DEMO, 'catalog'), join(snap, 'catalog'), { recursive: true });
      await cp(join(DEMO, 'manifest.json'), join(snap, 'manifest.json'));
      const r = await collectVault(
        snap,
        ctx({ ...fast, clusters: [{ name: 'prod', address: s.url, tokenEnv: 'VT' }, { name: 'refused', address: refused.url, tokenEnv: 'VT' }] }),
        { VT: TOKEN },
      );
      assert.deepEqual(r.containers, ['prod']);
      assert.equal(r.failed.length, 1, 'the refused cluster fails, its error quoting Vault');
      assert.ok(!JSON.stringify(r).includes(planted), 'not in an error');
      assert.ok(!(await allText(join(snap, 'vault'))).includes(planted), 'not in the snapshot');
      assert.ok(!(await allText(join(snap, 'vault'))).includes('kv-VALUE-never-read'));

      const store = await openEmbeddedStore(join(await tempDir(), 'graph.db'));
      try {
        await ensureSchema(store);
        const scan = await runScan(store, { registry, snapshotDir: snap, config: {}, exceptions: [], progress: { step: (x: string) => progressLines.push(x) } });
        assert.equal(scan.outcomes.find((o) => o.source === 'vault')?.status, 'loaded');
        const nodes = await store.read('MATCH (n) RETURN properties(n) AS p');
        assert.ok(nodes.length > 30);
        assert.ok(!JSON.stringify(nodes).includes(planted), 'not in the store');
        const findings = await readFindings(store);
        assert.ok(findings.some((f) => f.subject.source === 'vault' && f.ruleId === 'leaver-active-access'), 'the scan judged the cluster');
        const root = findings.find((f) => f.subject.id === 'MarcusRootShort000000001');
        assert.equal(root?.title, 'Vault token MarcusRootShort000000001 is held with the root policy', 'the reason its source gives names a long-lived token');
        assert.ok(!JSON.stringify(findings).includes(planted), 'not in a finding');
        const report = await buildReport(store);
        assert.ok(!JSON.stringify(report).includes(planted) && !reportMarkdown(report).includes(planted), 'not in the report');
        assert.ok(!JSON.stringify(scan).includes(planted), 'not in the scan summary');
      } finally {
        await store.close();
      }
      assert.ok(!progressLines.join('\n').includes(planted), 'not in a log line');
    });
  }
});
