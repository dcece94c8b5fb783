// Where driftgraph keeps its own state, relative to the working directory:
// the embedded store, live snapshots, reports, connectors' collect state.
import { join } from 'node:path';

export const STATE_DIR = '.driftgraph';
export const DEFAULT_DB = join(STATE_DIR, 'graph.db');
export const SNAPSHOTS_DIR = join(STATE_DIR, 'snapshots');
export const REPORTS_DIR = join(STATE_DIR, 'reports');
export const COLLECT_STATE_DIR = join(STATE_DIR, 'collect-state');
