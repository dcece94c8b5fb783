// The version users see (`--version`, SARIF and OCSF tool records): the package's own.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const VERSION = pkg.version;
export const TOOL = { name: 'driftgraph', version: VERSION };
