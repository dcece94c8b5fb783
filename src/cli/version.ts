// The version users see (`--version`, SARIF and OCSF tool records): the package's own.
import { readFileSync } from 'node:fs';
import { packagePath } from '../util/package-root.js';

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

export const VERSION = pkg.version;
export const TOOL = { name: 'driftgraph', version: VERSION };
