// Until the registry takes connectors of the new contract
// (src/sources/connector.ts) directly, this wraps one so today's scan can
// load it. It holds nothing GCP-specific and goes away with the old interface.
import type { Connector } from '../../src/sources/connector.js';
import type { Connector as LegacyConnector, SourceName } from '../types.js';
import { registerRemediations } from '../../src/findings/remediation.js';
import { UsageError } from '../../src/util/errors.js';

function section<C>(c: Connector<C>, config: Record<string, unknown>): C | undefined {
  const raw = config[c.source];
  if (raw === undefined || !c.configSchema) return raw as C | undefined;
  const parsed = c.configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`config ${[c.source, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function asLegacyConnector<C>(c: Connector<C>): LegacyConnector {
  if (c.remediations) registerRemediations(c.source, c.remediations);
  return {
    source: c.source as SourceName,
    async loadSnapshot(ctx) {
      const cfg = ctx.config as Record<string, unknown>;
      return c.loadSnapshot({
        snapshotDir: ctx.snapshotDir,
        now: ctx.now,
        config: section(c, cfg),
        shared: { links: ctx.config.links },
        progress: ctx.progress,
      });
    },
    collect: c.collect
      ? async (outDir, ctx) => {
          const cfg = ctx.config as Record<string, unknown>;
          const result = await c.collect!(outDir, {
            now: ctx.now,
            config: section(c, cfg),
            shared: { links: ctx.config.links },
            progress: ctx.progress,
            stateDir: '.driftgraph/state/' + c.source,
          });
          return { failed: result.failed, warnings: result.warnings, requests: result.requests };
        }
      : undefined,
  };
}
