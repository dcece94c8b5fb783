// Load and judge a generated Okta System Log: N events (default 1,000,000)
// for 20,000 people with 40,000 inventory devices, through a whole scan into
// a fresh embedded store. Reports the time to read and map the log, the whole
// scan (load, derive, every rule) and the two sign-in rules, and peak RSS.
//   node --import tsx test/bench/okta-sign-ins.ts [events]
import { createWriteStream, mkdtempSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { oktaConnector } from '../../connectors/okta/index.js';
import { openEmbeddedStore } from '../../src/graph/grafeo-store.js';
import { ensureSchema } from '../../src/graph/schema.js';
import { runScan } from '../../src/scan/run-scan.js';
import { registry } from '../../connectors/index.js';
import { silentProgress } from '../../src/util/progress.js';

const EVENTS = Number(process.argv[2] ?? process.env.OKTA_EVENTS ?? 1_000_000);
const PEOPLE = 20_000;
const NOW = '2026-11-20T02:00:00.000Z';
const HOME = ['United Kingdom', 'Germany', 'France', 'United States', 'Spain', 'India'];
const CODES = ['GB', 'DE', 'FR', 'US', 'ES', 'IN'];
const ABROAD = ['Brazil', 'Japan', 'Canada', 'Italy', 'Poland', 'Singapore'];

// mulberry32: a small deterministic generator, so every run judges the same log.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const root = mkdtempSync(join(tmpdir(), 'driftgraph-okta-bench-'));
const snap = join(root, 'snapshot');
for (const d of ['hr', 'okta', 'devices', 'scim/bench']) mkdirSync(join(snap, d), { recursive: true });
writeFileSync(join(snap, 'manifest.json'), JSON.stringify({ collectedAt: NOW }));

const people = ['employee_id,email,display_name,department,title,manager_email,country,worker_type,status,start_date,end_date'];
const devices = ['device_id,owner_email,platform,managed,compliant,last_seen'];
for (let p = 0; p < PEOPLE; p++) {
  people.push(`E${p},p${p}@example.com,Person ${p},dept${p % 40},Engineer,,${CODES[p % CODES.length]},employee,active,2020-01-06,`);
  devices.push(`dev${p}a,p${p}@example.com,macOS,true,true,2026-11-19T08:00:00Z`);
  devices.push(`dev${p}b,p${p}@example.com,iOS,${p % 10 ? 'true' : 'false'},${p % 7 ? 'true' : 'false'},2026-11-19T08:00:00Z`);
}
writeFileSync(join(snap, 'hr/people.csv'), people.join('\n') + '\n');
// One SCIM app whose `Admins` group (one person in 20) makes people privileged, so the device rule judges too.
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const scimUsers = Array.from({ length: PEOPLE }, (_, p) => ({ id: `u${p}`, userName: `p${p}@example.com`, active: true }));
const admins = { id: 'g-admins', displayName: 'Admins', members: scimUsers.filter((_, p) => p % 20 === 0).map((u) => ({ value: u.id })) };
writeFileSync(join(snap, 'scim/bench/Users.json'), JSON.stringify({ schemas: [LIST], totalResults: PEOPLE, Resources: scimUsers }));
writeFileSync(join(snap, 'scim/bench/Groups.json'), JSON.stringify({ schemas: [LIST], totalResults: 1, Resources: [admins] }));
const config = { scim: { apps: { bench: { privilegedGroups: ['Admins'] } } } };
writeFileSync(join(snap, 'devices/devices.csv'), devices.join('\n') + '\n');

const genStarted = Date.now();
const out = createWriteStream(join(snap, 'okta/system-log.json'));
const write = async (s: string) => {
  if (!out.write(s)) await once(out, 'drain');
};
await write('[\n');
const nowMs = Date.parse(NOW);
for (let i = 0; i < EVENTS; i++) {
  const p = Math.floor(rand() * PEOPLE);
  const r = rand();
  const type = r < 0.5 ? 'user.session.start' : r < 0.9 ? 'user.authentication.sso' : 'user.session.end';
  const result = rand() < 0.05 ? 'FAILURE' : 'SUCCESS';
  const country = rand() < 0.01 ? ABROAD[p % ABROAD.length] : HOME[p % HOME.length];
  const device = rand() < 0.02 ? `dev-unknown-${p}` : `dev${p}${rand() < 0.7 ? 'a' : 'b'}`;
  const published = new Date(nowMs - Math.floor(rand() * 45 * 86_400_000)).toISOString();
  const e = {
    uuid: `e${i.toString(16).padStart(10, '0')}`,
    published,
    eventType: type,
    version: i % 2 ? '0' : 0,
    severity: 'INFO',
    displayMessage: 'User login to Okta',
    actor: { id: `00u${p}`, type: 'User', alternateId: `p${p}@example.com`, displayName: `Person ${p}` },
    client: {
      userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', os: 'Mac OS X', browser: 'CHROME' },
      zone: 'null',
      device: 'Computer',
      ipAddress: `198.51.${p % 250}.${i % 250}`,
      geographicalContext: { city: 'City', state: null, country, postalCode: i % 3 ? null : 10115, geolocation: { lat: 51.5, lon: '-0.1' } },
    },
    device: { id: device, managed: true, registered: true },
    outcome: { result, reason: null },
    target: [],
  };
  await write((i ? ',\n' : '') + JSON.stringify(e));
}
await write('\n]\n');
out.end();
await once(out, 'finish');
const bytes = statSync(join(snap, 'okta/system-log.json')).size;
console.log(`generated ${EVENTS.toLocaleString('en')} events (${(bytes / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - genStarted) / 1000).toFixed(1)} s`);

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);

let started = Date.now();
const load = await oktaConnector.loadSnapshot({ snapshotDir: snap, now: NOW, config: {}, shared: {}, progress: silentProgress });
console.log(`okta read + map: ${((Date.now() - started) / 1000).toFixed(1)} s -> ${load.graph.nodes.length.toLocaleString('en')} sign-in groups`);

const store = await openEmbeddedStore(join(root, 'graph.db'));
await ensureSchema(store);
started = Date.now();
const result = await runScan(store, { registry, snapshotDir: snap, config, exceptions: [], progress: silentProgress });
const total = (Date.now() - started) / 1000;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
for (const o of result.outcomes.filter((x) => x.status !== 'not-scanned')) {
  console.log(`  load ${o.source}: ${o.seconds.toFixed(1)} s, ${o.nodes.toLocaleString('en')} nodes`);
}
for (const r of result.rules.filter((x) => x.rule.id.startsWith('context-'))) {
  console.log(`  rule ${r.rule.id}: ${r.seconds.toFixed(2)} s, ${r.findings.length.toLocaleString('en')} findings`);
}
console.log(`whole scan (load, derive, all rules, findings): ${total.toFixed(1)} s; exit ${result.exitCode}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
await store.close();
await rm(root, { recursive: true, force: true });
