// driftgraph serve [--port 7474] [--host 127.0.0.1]: the analysts' web view,
// read-only, over the same store as `query`.
import type { Command } from 'commander';
import { cliConfig, DEFAULT_DB, type GlobalOptions } from '../context.js';
import { UsageError } from '../../util/errors.js';
import { startServer } from '../../web/server.js';

export interface ServeCliOptions {
  port?: string;
  host?: string;
}

export async function serveCommand(g: GlobalOptions, o: ServeCliOptions): Promise<number> {
  const port = Number(o.port ?? 7474);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${o.port}: a port number, 0-65535`);
  const host = o.host ?? '127.0.0.1';
  const { config } = await cliConfig(g);
  const neo4j = g.neo4j ?? process.env.NEO4J_URI ?? config.neo4j?.uri;
  // The Neo4j driver is loaded only when Neo4j is used.
  const storeLabel = neo4j ? (await import('../../graph/neo4j-store.js')).safeUri(neo4j) : (g.db ?? config.db ?? DEFAULT_DB);
  const server = await startServer({ host, port, global: g, config, storeLabel });
  process.stdout.write(`driftgraph web view (read-only) over ${storeLabel}\n`);
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
      void server.close().then(resolve);
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
