// One account folder -> its records. A module function of plain arguments so
// that it can run in the mapping thread (see connectors/lib/containers-ahead.ts).
import type { ContainerRead } from '../lib/containers.js';
import { mapAccount } from './map.js';
import { readAccountSnapshot } from './read-snapshot.js';

/** `dirs`: account id -> its folder. */
export async function loadAccount(accountId: string, dirs: Record<string, string>): Promise<ContainerRead> {
  return mapAccount(await readAccountSnapshot({ accountId, dir: dirs[accountId]! }));
}
