// Which store a command works on, decided in one place: Neo4j when a bolt URI
// is given (`--neo4j`, NEO4J_URI, or `neo4j.uri` in the config), else the
// embedded file (`--db`, then `db` in the config, then .driftgraph/graph.db).
//
// One convenience for newcomers: `npm start` scans the demo into
// .driftgraph/demo.db. A command that only reads the store, given no store at
// all, reads the demo's file when graph.db does not exist and demo.db does,
// and says so on stderr. A scan (or anything that writes) never does: it
// writes graph.db, so scripts stay predictable.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { DEFAULT_DB, STATE_DIR } from '../util/paths.js';
import { safeUri } from './safe-uri.js';

/** Where `npm start` (driftgraph demo) writes its store. */
export const DEMO_DB = join(STATE_DIR, 'demo.db');

export type StoreLocation =
  | { kind: 'neo4j'; uri: string; label: string }
  | {
      kind: 'embedded';
      path: string;
      label: string;
      /** Set when the demo's store was chosen because graph.db does not exist: what to tell the user. */
      demoNote?: string;
    };

export interface StoreLocationInput {
  /** `--db` */
  db?: string;
  /** `--neo4j` */
  neo4j?: string;
  config: { db?: string; neo4j?: { uri?: string } };
  /** True for commands that only read: they may fall back to the demo's store. */
  forReading?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Where relative default paths are looked for (the working directory unless given). */
  cwd?: string;
}

export function storeLocation(i: StoreLocationInput): StoreLocation {
  const env = i.env ?? process.env;
  const uri = i.neo4j || env.NEO4J_URI || i.config.neo4j?.uri;
  if (uri) {
    if (!/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(uri)) throw new UsageError(`--neo4j ${safeUri(uri)}: expected a neo4j:// or bolt:// URI`);
    return { kind: 'neo4j', uri, label: safeUri(uri) };
  }
  const given = i.db ?? i.config.db;
  if (given) return { kind: 'embedded', path: given, label: given };
  const at = (p: string) => (i.cwd ? join(i.cwd, p) : p);
  if (i.forReading && !existsSync(at(DEFAULT_DB)) && existsSync(at(DEMO_DB))) {
    return {
      kind: 'embedded',
      path: DEMO_DB,
      label: DEMO_DB,
      demoNote: `note: there is no ${DEFAULT_DB} here; reading the demo's store ${DEMO_DB} (written by \`npm start\`). Give --db to choose another.`,
    };
  }
  return { kind: 'embedded', path: DEFAULT_DB, label: DEFAULT_DB };
}
