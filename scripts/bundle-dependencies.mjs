// A step of `npm run build`, after the compile: each compiled module of
// src/bundled/ becomes one module holding its dependency (src/bundled/README.md
// says why). esbuild reads the compiled re-export and writes the bundle in
// its place, so the exports are exactly the compiled module's.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/src/bundled/', import.meta.url));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
  await build({
    entryPoints: [join(dir, file)],
    outfile: join(dir, file),
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // yaml and commander are CommonJS: what they require of Node.js itself
    // is required through this.
    banner: { js: "import { createRequire as bundledRequire } from 'node:module';\nconst require = bundledRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
