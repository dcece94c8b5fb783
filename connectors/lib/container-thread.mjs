// The thread that reads and maps containers for loadContainersAhead. Plain
// JavaScript: a thread does not inherit the TypeScript loader the command
// line registered in the main thread, so it registers its own before it
// imports the connector's mapper.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveContainers } = await import('./container-serve.ts');
await serveContainers(parentPort, workerData);
