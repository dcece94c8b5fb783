// Inside the mapping thread: read and map each container the main thread
// asks for, and send back its records (plain data, copied across) or its
// failure (one line and the place, never the error object).
import type { MessagePort } from 'node:worker_threads';
import { failureOf, type ContainerRead } from './containers.js';
import type { ContainerMapper } from './containers-ahead.js';

export type ThreadReply = { container: string; read: ContainerRead } | { container: string; failure: ReturnType<typeof failureOf> };

export async function serveContainers(port: MessagePort, mapper: ContainerMapper<unknown>): Promise<void> {
  const map = await importMapper(mapper);
  port.on('message', (container: string) => {
    map(container, mapper.args).then(
      (read) => port.postMessage({ container, read } satisfies ThreadReply),
      (e: unknown) => port.postMessage({ container, failure: failureOf(container, e) } satisfies ThreadReply),
    );
  });
}

/** The mapper function a ContainerMapper names. */
export async function importMapper<A>(mapper: ContainerMapper<A>): Promise<(container: string, args: A) => Promise<ContainerRead>> {
  const fn = ((await import(mapper.module)) as Record<string, unknown>)[mapper.name];
  if (typeof fn !== 'function') throw new Error(`${mapper.module} has no function ${mapper.name}`);
  return fn as (container: string, args: A) => Promise<ContainerRead>;
}
