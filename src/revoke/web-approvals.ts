// What the web view needs of revocation: a finding's planned actions with
// their states (the same plan `driftgraph revoke` prints, read-only), the
// approvals given, and recording a new approval exactly as
// `driftgraph revoke approve` does (audit file first, then the store).
import type { GraphStore } from '../graph/store.js';
import type { Registry } from '../sources/connector.js';
import type { RuleFile } from '../rules/rule-file.js';
import type { WebRevocations } from './web-view.js';
import { AuditTrail } from './audit.js';
import type { RevocationConfig } from './config.js';
import { buildPlan } from './plan.js';
import { recordApproval } from './approvals.js';

export interface WebRevocationOptions {
  registry: Registry;
  rules: () => Promise<RuleFile[]>;
  config: RevocationConfig | undefined;
  auditFile: string;
}

export function webRevocations(o: WebRevocationOptions): WebRevocations {
  // Read once: a team's rule files are checked by Neo4j's parser, too slow for every page.
  let rules: Promise<RuleFile[]> | null = null;
  const rulesOnce = () => (rules ??= o.rules());
  return {
    async forFinding(store: GraphStore, findingId: string) {
      if (!o.config) return null;
      const plan = await buildPlan(store, { registry: o.registry, config: o.config, rules: await rulesOnce(), now: new Date().toISOString(), findingId });
      const rows = await store.read(
        'MATCH (a:RevocationApproval {findingId: $id}) RETURN a.by AS by, a.reason AS reason, a.expires AS expires, a.at AS at, a.via AS via ORDER BY at',
        { id: findingId },
      );
      if (!plan.entries.length && !rows.length) return null;
      return {
        entries: plan.entries.map((e) => ({
          actionId: e.actionId,
          state: e.state,
          summary: e.action ? e.action.summary : `${e.finding.subject.source} ${e.finding.subject.type} ${e.finding.subject.id}`,
          calls: e.action ? e.action.calls.map((c) => `${c.api} ${Object.entries(c.target).map(([k, v]) => `${k}=${v}`).join(' ')}`) : [],
          reversible: e.action?.reversible ?? false,
          reason: e.reason,
        })),
        approvals: rows.map((r) => ({ by: String(r.by), reason: String(r.reason), expires: r.expires == null ? null : String(r.expires), at: String(r.at), via: r.via == null ? null : String(r.via) })),
      };
    },
    async approve(store, findingId, r) {
      const { approval } = await recordApproval(store, new AuditTrail(o.auditFile, store), o.config, findingId, r);
      return { ...approval, via: r.via };
    },
  };
}
