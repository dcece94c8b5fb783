// Calling a connector's loadSnapshot the way the scan does, and reading a
// failed container back as the SourceError it was (source, place, message).
import assert from 'node:assert/strict';
import type { LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { SourceError } from '../../src/util/errors.js';

export function loadContext<C>(snapshotDir: string, now: string, config?: C): LoadContext<C> {
  return { snapshotDir, now, config, shared: {}, progress: { step() {} } };
}

/** The load's one failed container as a SourceError; fails the test when there is not exactly one. */
export async function failureOf(load: Promise<SourceLoad> | SourceLoad, source: string, container?: string): Promise<SourceError> {
  const l = await load;
  const failed = container === undefined ? l.failed : l.failed.filter((f) => f.container === container);
  assert.equal(failed.length, 1, `expected one failed container, got ${JSON.stringify(l.failed)}`);
  const f = failed[0]!;
  const prefix = new RegExp(`^${source}: (.*?: )?`);
  // The message without the "source: place: " prefix describe() added.
  const message = f.place ? f.error.replace(prefix, '') : f.error;
  return new SourceError(source, message, f.place ?? {});
}

/** Like assert.rejects for the old throwing contract: the load must fail one container, and `check` judges its error. */
export async function expectFailure(
  load: Promise<SourceLoad>,
  source: string,
  check: (e: SourceError) => boolean | void,
): Promise<void> {
  const e = await failureOf(load, source);
  const verdict = check(e);
  if (verdict === false) assert.fail(`unexpected failure: ${e.describe()}`);
}
