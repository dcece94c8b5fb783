// Both cores: while the scan writes one container (main thread), the next
// is read and mapped in a worker thread. At most one container is mapped
// ahead, so memory holds about two containers, never the whole source.
// Failure by container is as in loadContainers: a container that cannot be
// read goes to `failed` and is never handed over.
//
// A closure cannot cross to another thread, so the mapper is named by its
// module and export, with plain-data arguments (structured clone).
import { Worker } from 'node:worker_threads';
import { emptyBatch } from '../../src/graph/records.js';
import type { SourceLoad } from '../../src/sources/connector.js';
import { append } from '../../src/util/arrays.js';
import { loadContainers, type ContainerContext } from './containers.js';
import { importMapper, type ThreadReply } from './container-serve.js';

export interface ContainerMapper<A> {
  /** The module's URL (`new URL('./x.ts', import.meta.url).href`). */
  module: string;
  /** Its export: `(container: string, args: A) => Promise<ContainerRead>`. */
  name: string;
  /** Plain data (copied to the thread). */
  args: A;
}

/**
 * Like loadContainers with a mapper that can run in a worker thread. Only
 * when the scan takes containers one by one (`ctx.onContainer`) and there
 * are two or more does a thread pay; otherwise it all runs here, exactly as
 * loadContainers does.
 */
export async function loadContainersAhead<A>(
  source: string,
  containers: readonly string[],
  mapper: ContainerMapper<A>,
  ctx: ContainerContext,
): Promise<SourceLoad> {
  if (!ctx.onContainer || containers.length < 2) {
    const map = await importMapper(mapper);
    return loadContainers(source, containers, (c) => map(c, mapper.args), ctx);
  }
  const thread = new MappingThread(mapper);
  try {
    const out: SourceLoad = { containers: [], failed: [], graph: emptyBatch(), delivered: [], warnings: [] };
    ctx.progress.step(`${source}: reading ${containers[0]}`);
    let next = thread.map(containers[0]!);
    for (let i = 0; i < containers.length; i++) {
      const reply = await next;
      if (i + 1 < containers.length) {
        ctx.progress.step(`${source}: reading ${containers[i + 1]} (ahead, in a worker thread)`);
        next = thread.map(containers[i + 1]!);
      }
      await handOver(out, source, reply, ctx);
    }
    return out;
  } finally {
    await thread.close();
  }
}

/** One container's reply into `out` (its own function: nothing of it outlives the call). */
async function handOver(out: SourceLoad, source: string, reply: ThreadReply, ctx: ContainerContext): Promise<void> {
  if ('failure' in reply) {
    ctx.progress.step(`${source}: ${reply.container} FAILED, nothing of it changes: ${reply.failure.error}`);
    out.failed.push(reply.failure);
    return;
  }
  append(out.warnings, reply.read.warnings);
  out.containers.push(reply.container);
  await ctx.onContainer!(reply.container, reply.read.graph);
  out.delivered!.push(reply.container);
}

/** A worker thread answering one container at a time, in the order asked. */
class MappingThread {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }[] = [];
  private broken: Error | null = null;

  constructor(mapper: ContainerMapper<unknown>) {
    this.worker = new Worker(new URL('./container-thread.mjs', import.meta.url), { workerData: mapper });
    this.worker.on('message', (reply: ThreadReply) => this.waiting.shift()?.resolve(reply));
    const fail = (e: Error) => {
      this.broken = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the mapping thread stopped (exit code ${code})`)));
  }

  map(container: string): Promise<ThreadReply> {
    if (this.broken) return Promise.reject(this.broken);
    const reply = new Promise<ThreadReply>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // A rejection seen only later (when awaited) is not an unhandled one.
    reply.catch(() => {});
    this.worker.postMessage(container);
    return reply;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
