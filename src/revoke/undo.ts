// Undoing an executed action, where the connector declares how. Recorded as
// undo-started before the call and undone (or undo-failed) after. The
// finding loses its revocationSent mark: the next scan judges it again.
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import { ActionCallError, type Registry } from '../sources/connector.js';
import { UsageError } from '../util/errors.js';
import type { AuditTrail } from './audit.js';
import { actionOf } from './plan.js';

export interface StoredAction {
  id: string;
  status: string;
  findingId: string;
  ruleId: string;
  kind: string;
  summary: string;
  subject: { source: string; container: string | null; type: string; id: string };
  decidedBy: string | null;
  reversible: boolean;
  undo: string | null;
  params: Record<string, string>;
  calls: unknown[];
  before: Record<string, unknown> | null;
  detail: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  executedAt: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
}

const str = (v: unknown) => (v == null ? null : String(v));

export async function readActions(store: GraphStore, id?: string): Promise<StoredAction[]> {
  const rows = await store.read(`MATCH (a:Revocation) ${id ? 'WHERE a.id = $id' : ''} RETURN properties(a) AS a ORDER BY a.createdAt, a.id`, { id: id ?? null });
  return rows.map((r) => {
    const a = r.a as Record<string, unknown>;
    return {
      id: String(a.id),
      status: String(a.status),
      findingId: String(a.findingId ?? ''),
      ruleId: String(a.ruleId ?? ''),
      kind: String(a.kind ?? ''),
      summary: String(a.summary ?? ''),
      subject: { source: String(a.subjectSource ?? ''), container: str(a.subjectContainer), type: String(a.subjectType ?? ''), id: String(a.subjectId ?? '') },
      decidedBy: str(a.decidedBy),
      reversible: a.reversible === true,
      undo: str(a.undo),
      params: a.paramsJson ? JSON.parse(String(a.paramsJson)) : {},
      calls: a.callsJson ? JSON.parse(String(a.callsJson)) : [],
      before: a.beforeJson ? JSON.parse(String(a.beforeJson)) : null,
      detail: str(a.detail),
      error: str(a.error),
      createdAt: String(a.createdAt ?? ''),
      updatedAt: String(a.updatedAt ?? ''),
      executedAt: str(a.executedAt),
      undoneAt: str(a.undoneAt),
      undoneBy: str(a.undoneBy),
    };
  });
}

export interface UndoOptions {
  registry: Registry;
  config: Config;
  env: NodeJS.ProcessEnv;
  audit: AuditTrail;
  by: string;
}

export async function undoAction(store: GraphStore, actionId: string, o: UndoOptions): Promise<{ exitCode: 0 | 1; message: string }> {
  const [a] = await readActions(store, actionId);
  if (!a) throw new UsageError(`no action ${actionId} in the audit trail (driftgraph revocations lists them)`);
  // An undo that failed or was cut short may be tried again.
  if (!['executed', 'undo-failed', 'undo-started'].includes(a.status)) throw new UsageError(`action ${actionId} is ${a.status}, not executed: only an executed action can be undone`);
  const found = actionOf(o.registry, a.kind);
  if (!a.reversible || !found?.action.undo) throw new UsageError(`action ${actionId} (${a.kind}) cannot be undone: ${a.summary}`);
  const rec = {
    actionId: a.id,
    findingId: a.findingId,
    ruleId: a.ruleId,
    subject: a.subject,
    kind: a.kind,
    summary: a.summary,
    decidedBy: o.by,
    params: a.params,
  };
  await o.audit.record({ event: 'undo-started', ...rec });
  try {
    const calls = await found.action.undo(a.params, { config: o.config[found.connector.source], env: o.env });
    await o.audit.record({ event: 'undone', ...rec, calls });
    await store.write('MATCH (f:Finding {id: $id}) SET f.revocationSent = null, f.revocationSentAt = null', { id: a.findingId });
    return { exitCode: 0, message: `undone: ${a.summary} (${calls.map((c) => c.api).join(', ')})` };
  } catch (e) {
    const error = e instanceof ActionCallError ? `${e.call}${e.status !== undefined ? ` status ${e.status}` : ''}: ${e.message}` : (e as Error).message;
    await o.audit.record({ event: 'undo-failed', ...rec, error });
    return { exitCode: 1, message: `undo failed: ${a.summary}: ${error}` };
  }
}
