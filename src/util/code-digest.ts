// A digest of driftgraph's own code: what a scan kept to avoid work (a
// container not read again, a finding not built again) is only good for the
// code that made it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath } from './package-root.js';

let code: Promise<string> | null = null;

/**
 * A digest of driftgraph's own code files (path, size, modification time)
 * and package.json: an upgrade or a rebuild reads every container again.
 */
export function codeDigest(): Promise<string> {
  // Once a process, with the synchronous calls: a few hundred stats.
  code ??= Promise.resolve().then(() => {
    // src/util/ (or dist/src/util/) -> the folder holding src/ and its siblings.
    const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
    const hash = createHash('sha1');
    const walk = (dir: string): void => {
      const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        if (e.name.startsWith('.') || ['node_modules', 'test', 'dist', 'docs', 'examples', 'queries'].includes(e.name)) continue;
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.(ts|js|mjs)$/.test(e.name)) {
          const st = statSync(path);
          hash.update(`${relative(root, path)}\0${st.size}\0${st.mtimeMs}\n`);
        }
      }
    };
    walk(root);
    hash.update(readFileSync(packagePath('package.json')));
    return hash.digest('base64');
  });
  return code;
}
