// `npm ci` refuses a lock file that lacks an optional dependency of a package
// it installs. Grafeo lists a native binary per platform; the registry this
// project is built against serves only linux-x64, so `npm install` drops the
// others from the lock and `npm ci` then fails on a fresh clone. Their entries
// are kept by hand (optional, with os/cpu, so npm skips them here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('the lock file names every Grafeo platform binary so npm ci works on a fresh clone', () => {
  const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
  const grafeo = lock.packages['node_modules/@grafeo-db/js'];
  for (const dep of Object.keys(grafeo.optionalDependencies ?? {})) {
    assert.ok(lock.packages[`node_modules/${dep}`], `package-lock.json lacks ${dep}: restore its entry (see this test's comment)`);
  }
});
