// The child process an embedded analyst query runs in (analyst-query.ts): it
// opens the file read-only, runs the one query, sends the rows back and ends.
// It is ended from outside when the time is up, so it keeps no state and
// writes nothing; when its parent goes away, it goes too.
import { openEmbeddedStore } from './grafeo-store.js';
import type { WorkerMessage, WorkerRequest } from './analyst-query.js';

const send = (m: WorkerMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

process.on('disconnect', () => process.exit(0));
process.once('message', async (m: { type: 'run'; request: WorkerRequest }) => {
  const r = m.request;
  try {
    const store = await openEmbeddedStore(r.path, {
      readOnly: true,
      ...(r.lockWaitSeconds !== undefined ? { lockWaitSeconds: r.lockWaitSeconds } : {}),
      onWait: (message) => void send({ type: 'wait', message }),
    });
    await send({ type: 'started' });
    try {
      const result = await store.readLimited!(r.cypher, r.params, { maxRows: r.maxRows, timeoutMs: Infinity });
      await send({ type: 'rows', result });
    } finally {
      await store.close();
    }
  } catch (e) {
    const err = e as Error & { gqlStatus?: string; code?: string };
    await send({
      type: 'error',
      name: err.name ?? 'Error',
      message: err.message ?? String(e),
      ...(err.gqlStatus ? { gqlStatus: err.gqlStatus } : {}),
      ...(typeof err.code === 'string' ? { code: err.code } : {}),
    });
  }
  process.disconnect?.();
});
