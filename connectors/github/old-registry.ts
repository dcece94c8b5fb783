// Bridges a connector written to the contract in src/sources/connector.ts
// into the registry this version still runs (connectors/types.ts): the config
// section is validated here, per-container failures and remediations pass
// through. Delete once the registry takes the new contract directly.
import { dirname, join } from 'node:path';
import type { Connector as NewConnector } from '../../src/sources/connector.js';
import type { Connector as OldConnector, SourceName } from '../types.js';
import { SourceError } from '../../src/util/errors.js';

function section<C>(c: NewConnector<C>, config: Record<string, unknown>): C | undefined {
  const raw = config[c.source];
  if (raw === undefined || !c.configSchema) return raw as C | undefined;
  const parsed = c.configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SourceError(c.source, `config ${[c.source, ...issue.path].join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function toOldRegistry<C>(c: NewConnector<C>): OldConnector {
  const shared = (config: { links?: unknown }) => ({ links: config.links as never });
  return {
    source: c.source as SourceName,
    remediations: c.remediations,
    async loadSnapshot(ctx) {
      const cfg = ctx.config as Record<string, unknown>;
      return c.loadSnapshot({ snapshotDir: ctx.snapshotDir, now: ctx.now, config: section(c, cfg), shared: shared(ctx.config), progress: ctx.progress });
    },
    collect: c.collect
      ? async (outDir, ctx) => {
          const cfg = ctx.config as Record<string, unknown>;
          // State (ETags) lives beside the embedded store.
          const stateDir = join(dirname(ctx.config.db ?? join('.driftgraph', 'graph.db')), 'state', c.source);
          return c.collect!(outDir, { now: ctx.now, config: section(c, cfg), shared: shared(ctx.config), progress: ctx.progress, stateDir });
        }
      : undefined,
  };
}
