// Until the scan takes the new connector contract (src/sources/connector.ts)
// directly, this runs a connector written against it through the older
// interface in types.ts: its config section validated by its own schema,
// failed containers passed on (a failed SCIM app fails alone), and a source
// whose every container failed reported as failed. Remove once the registry
// is a list of new-contract connectors.
import { dirname, join } from 'node:path';
import type { Connector as ContractConnector, ContainerFailure } from '../src/sources/connector.js';
import { SourceError } from '../src/util/errors.js';
import type { Connector, SourceName } from './types.js';
import type { Config } from '../src/config/schema.js';

function sectionOf(c: ContractConnector<unknown>, config: Config): unknown {
  const raw = (config as Record<string, unknown>)[c.source];
  if (!c.configSchema || raw === undefined) return raw;
  const parsed = c.configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${[c.source, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new SourceError(c.source, `the config section is invalid: ${issues}`);
  }
  return parsed.data;
}

function allFailed(source: string, failed: ContainerFailure[]): SourceError {
  return new SourceError(source, failed.map((f) => (f.container ? `${f.container}: ${f.error}` : f.error)).join('; '));
}

export function fromContract(c: ContractConnector<any>): Connector {
  return {
    source: c.source as SourceName,
    async loadSnapshot(ctx) {
      const load = await c.loadSnapshot({
        snapshotDir: ctx.snapshotDir,
        now: ctx.now,
        config: sectionOf(c, ctx.config),
        shared: { links: ctx.config.links },
        progress: ctx.progress,
      });
      if (load.failed.length && !load.containers.length) throw allFailed(c.source, load.failed);
      return { containers: load.containers, graph: load.graph, warnings: load.warnings, failed: load.failed };
    },
    collect: c.collect
      ? async (outDir, ctx) => {
          const stateDir = join(dirname(ctx.config.db ?? '.driftgraph/graph.db'), 'state', c.source);
          const result = await c.collect!(outDir, {
            now: ctx.now,
            config: sectionOf(c, ctx.config),
            shared: { links: ctx.config.links },
            progress: ctx.progress,
            stateDir,
          });
          if (result.failed.length && !result.containers.length) throw allFailed(c.source, result.failed);
          return { failed: result.failed };
        }
      : undefined,
  };
}
