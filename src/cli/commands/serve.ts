// driftgraph serve [--port 7474] [--host 127.0.0.1]: the analysts' web view,
// read-only, over the same store as `query`.
import type { Command } from 'commander';
import { cliConfig, cliStore, cliStoreLocation, type GlobalOptions } from '../context.js';
import { loadDashboard, registry } from '../registry.js';
import { revocationOf } from '../../revoke/config.js';
import { webRevocations } from '../../revoke/web-approvals.js';
import { cliRules } from '../rules-option.js';
import { auditFile } from './revoke.js';
import { UsageError } from '../../util/errors.js';
import { startServer } from '../../web/server.js';
import { analystRunner } from '../analyst-runner.js';
import { analystLimits } from '../../queries/query-limits.js';
import { ReviewDesk } from '../../reviews/desk.js';
import { reviewsOf } from '../../reviews/config.js';
import { reviewsDir } from './review.js';

export interface ServeCliOptions {
  port?: string;
  host?: string;
}

export async function serveCommand(g: GlobalOptions, o: ServeCliOptions): Promise<number> {
  const port = Number(o.port ?? 7474);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${o.port}: a port number, 0-65535`);
  const host = o.host ?? '127.0.0.1';
  const { config, configDir } = await cliConfig(g);
  const storeLabel = cliStoreLocation(g, config, true).label;
  const server = await startServer({
    host,
    port,
    storeLabel,
    openReadStore: (lockWaitSeconds) => cliStore({ ...g, quiet: true }, { ...config, lockWaitSeconds }, true),
    // Only an approval writes, and only where a revocation policy exists.
    ...(revocationOf(config)
      ? {
          openWriteStore: (lockWaitSeconds: number) => cliStore({ ...g, quiet: true }, { ...config, lockWaitSeconds }, false),
          revocations: webRevocations({ registry, rules: () => cliRules(g), config: revocationOf(config), auditFile: auditFile(g, config, configDir) }),
        }
      : {}),
    lockWaitSeconds: config.lockWaitSeconds,
    staleAfterHours: config.staleAfterHours,
    // Console queries: in a process of their own, under analystQueries.console.
    runAnalystQuery: (cypher, params, lockWaitSeconds, signal) =>
      analystRunner({ ...g, quiet: true }, config, analystLimits(config, 'console'), lockWaitSeconds)(cypher, params, signal),
    dashboard: await loadDashboard(),
    reviews: new ReviewDesk(reviewsDir(g, config, configDir), reviewsOf(config)),
  });
  process.stdout.write(`driftgraph web view (read-only${revocationOf(config) ? ', except approving revocations' : ''}) over ${storeLabel}\n`);
  if (server.token && server.tokenGenerated) {
    // Printed once, here; never logged elsewhere.
    process.stdout.write(`open ${server.url}?token=${server.token}\n(or send "Authorization: Bearer <token>"; set DRIFTGRAPH_WEB_TOKEN to choose the token)\n`);
  } else if (server.token) {
    process.stdout.write(`open ${server.url}?token=<DRIFTGRAPH_WEB_TOKEN>\n`);
  } else {
    process.stdout.write(`open ${server.url}\n`);
  }
  process.stdout.write('Ctrl-C stops it.\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A page still waiting for a scan's lock must not hold the stop up: it
      // only reads, so after a few seconds the process ends regardless.
      const force = setTimeout(() => {
        process.stderr.write('driftgraph: requests were still running 5s after the stop; ending now\n');
        process.exit(0);
      }, 5000);
      force.unref();
      void server.close().then(() => {
        clearTimeout(force);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

export function registerServe(program: Command, run: (fn: () => Promise<number>) => Promise<void>): void {
  program
    .command('serve')
    .description('the read-only web view: findings, people, the JML review queue, a Cypher console')
    .option('--port <n>', 'the port', '7474')
    .option('--host <addr>', 'the address to listen on; anything but 127.0.0.1 requires a token', '127.0.0.1')
    .action(async (o: ServeCliOptions) => run(() => serveCommand(program.opts(), o)));
}
