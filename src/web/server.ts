// `driftgraph serve`: the web view on a port. Binds 127.0.0.1 unless told
// otherwise; anywhere else it needs a token (see auth.ts).
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { chooseToken } from './auth.js';
import { storeAccess, type OpenReadStore, type OpenWriteStore, type RunAnalystQuery, type StoreAccess } from './store-access.js';
import type { Dashboard, WebRevocations } from './context.js';
import { StoreLockedError, StoreMissingError } from '../graph/store.js';
import type { ReviewDesk } from '../reviews/desk.js';

export interface ServeOptions {
  host: string;
  port: number;
  /** How the view opens the graph (the command line's store, read-only). */
  openReadStore: OpenReadStore;
  /** How an approval opens the store for writing (the command line's store). */
  openWriteStore?: OpenWriteStore;
  /** Revocations shown on a finding's page, and the approve button (the command line's policy). */
  revocations?: WebRevocations;
  /** How the console runs a query under its limits (the command line's analyst runner). */
  runAnalystQuery?: RunAnalystQuery;
  /** The config's lockWaitSeconds: a page waits at most this long (and never over 20 s). */
  lockWaitSeconds?: number;
  dashboard: Dashboard;
  /** The config's staleAfterHours: the header warns past it (default 36). */
  staleAfterHours?: number;
  env?: NodeJS.ProcessEnv;
  savedDir?: string;
  storeLabel: string;
  /** Access reviews: the reviewers' queues under /review/. */
  reviews?: ReviewDesk;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string | null;
  tokenGenerated: boolean;
  close(): Promise<void>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const { token, generated } = chooseToken(o.host, o.env);
  const access = storeAccess(o.openReadStore, o.lockWaitSeconds, o.runAnalystQuery, o.openWriteStore);
  await checkStoreOpens(access);
  const app = createApp(
    {
      access,
      storeLabel: o.storeLabel,
      dashboard: o.dashboard,
      staleAfterHours: o.staleAfterHours,
      ...(o.savedDir ? { savedDir: o.savedDir } : {}),
      ...(o.revocations && o.openWriteStore ? { revocations: o.revocations } : {}),
      ...(o.reviews ? { reviews: o.reviews } : {}),
    },
    token,
  );
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: o.host, port: o.port }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    token,
    tokenGenerated: generated,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Stops running console queries first, so their requests answer and the server can close.
      await access.close();
      await closed;
    },
  };
}

/**
 * Open the store once before listening: a damaged file stops `serve` with its
 * message and exit 1, instead of a view that answers 500 to every page. A
 * store held by a scan right now is checked by the scan; a store not written
 * yet (a view started before the first scan) is said, and its pages answer
 * 503 until a scan writes it.
 */
async function checkStoreOpens(access: StoreAccess): Promise<void> {
  try {
    await access.use(async () => undefined);
  } catch (e) {
    if (e instanceof StoreLockedError) return;
    if (e instanceof StoreMissingError) {
      process.stderr.write(`driftgraph serve: ${e.message}; until then every page answers 503\n`);
      return;
    }
    await access.close();
    throw e;
  }
}
