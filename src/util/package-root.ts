// The package's own folder: where package.json, queries/, examples/ and the
// web view's static files are. Code runs from two places, the TypeScript
// sources (src/util/ under tsx in tests) and the compiled output
// (dist/src/util/ when installed), so files beside the package are found by
// walking up to the nearest package.json, never by a fixed number of '../'.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`driftgraph: no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A file or folder of the package, e.g. packagePath('queries', 'rules'). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
