// The audit trail: every planned, started, executed, skipped, failed, undone
// action and every approval, appended to a JSON Lines file and synced to disk
// before the next step, then mirrored into the store. The file is written
// first: a kill -9 between the two loses nothing, and the next run copies
// what the store missed (reconcile). Records hold identifiers, never a secret.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GraphStore } from '../graph/store.js';
import type { ProviderCall } from '../sources/connector.js';

export type AuditEvent =
  | 'planned'
  | 'started'
  | 'executed'
  | 'already-gone'
  | 'skipped'
  | 'failed'
  | 'undo-started'
  | 'undone'
  | 'undo-failed'
  | 'approved'
  | 'run-refused'
  /** A run that planned without sending (the scheduler's plan-only run): its counts. */
  | 'run-planned';

export interface AuditRecord {
  eventId: string;
  at: string;
  event: AuditEvent;
  /** The action (absent for run-level events and approvals). */
  actionId?: string;
  runId?: string;
  findingId?: string;
  ruleId?: string;
  subject?: { source: string; container: string | null; type: string; id: string };
  kind?: string;
  summary?: string;
  /** Who or what decided: `policy revocation.routine[0]`, `approval by a@x (reason)`, or the person who undid it. */
  decidedBy?: string;
  calls?: ProviderCall[];
  params?: Record<string, string>;
  reversible?: boolean;
  undo?: string;
  /** The provider's state read right before the call. */
  before?: Record<string, unknown>;
  detail?: string;
  /** The failed call and what it answered. */
  error?: string;
  approval?: { by: string; reason: string; expires: string | null; via?: string };
  /** On `planned`: the plan's state for the action when it was first planned (ready, awaiting-approval, grace). */
  planState?: string;
  /** On `run-planned`: the plan's counts per state. */
  counts?: Record<string, number>;
}

/** Statuses after which an action is not sent again. */
export const FINAL: ReadonlySet<string> = new Set(['executed', 'already-gone', 'skipped', 'undone', 'undo-started', 'undo-failed']);

export type NewRecord = Omit<AuditRecord, 'eventId' | 'at'> & { at?: string };

export class AuditTrail {
  constructor(
    readonly file: string,
    private readonly store: GraphStore | null,
  ) {}

  /** Append and fsync, then mirror into the store. */
  async record(r: NewRecord): Promise<AuditRecord> {
    return (await this.recordMany([r]))[0]!;
  }

  /** Several records with one append and one fsync (the plan of a run), then one store write. */
  async recordMany(rs: NewRecord[]): Promise<AuditRecord[]> {
    if (!rs.length) return [];
    const recs = rs.map((r) => ({ eventId: randomUUID(), at: r.at ?? new Date().toISOString(), ...r }) as AuditRecord);
    mkdirSync(dirname(this.file), { recursive: true });
    const fh = await open(this.file, 'a+', 0o600);
    try {
      // A line cut short by a kill -9 mid-write must not swallow this one: start on a fresh line.
      const { size } = await fh.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await fh.read(last, 0, 1, size - 1);
      await fh.write((size > 0 && last[0] !== 0x0a ? '\n' : '') + recs.map((x) => JSON.stringify(x) + '\n').join(''));
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (this.store) await mirror(this.store, recs);
    return recs;
  }

  async readAll(): Promise<AuditRecord[]> {
    return readAudit(this.file);
  }

  /** Copy into the store what the file holds and the store missed (a kill -9 between the two writes). */
  async reconcile(): Promise<number> {
    if (!this.store) return 0;
    const records = await this.readAll();
    const lastByAction = new Map<string, AuditRecord>();
    for (const r of records) if (r.actionId) lastByAction.set(r.actionId, r);
    const stored = await this.store.read('MATCH (r:Revocation) RETURN r.id AS id, r.lastEventId AS last');
    const have = new Map(stored.map((s) => [String(s.id), String(s.last)]));
    const missing = records.filter((r) => r.actionId && have.get(r.actionId) !== lastByAction.get(r.actionId)!.eventId);
    // Replay every event of those actions in order, so first-seen fields are right too.
    const ids = new Set(missing.map((r) => r.actionId));
    // Approvals the store missed (a kill -9 right after the file got one) count as much as actions.
    const approvals = new Set((await this.store.read('MATCH (a:RevocationApproval) RETURN a.eventId AS id')).map((r) => String(r.id)));
    const lostApprovals = records.filter((r) => r.event === 'approved' && !approvals.has(r.eventId));
    await mirror(this.store, [...lostApprovals, ...records.filter((r) => r.actionId && ids.has(r.actionId))]);
    return ids.size + lostApprovals.length;
  }
}

export async function readAudit(file: string): Promise<AuditRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    // A line cut short by a crash mid-write is the only one that can be broken: skip it.
    try {
      out.push(JSON.parse(line) as AuditRecord);
    } catch {
      continue;
    }
  }
  return out;
}

/** The store keeps one Revocation node per action (its latest state) and one RevocationApproval per approval. */
async function mirror(store: GraphStore, records: AuditRecord[]): Promise<void> {
  const rows: { id: string; at: string; props: Record<string, unknown> }[] = [];
  for (const r of records) {
    if (r.event === 'approved' && r.approval && r.findingId) {
      await store.write(
        `CREATE (a:RevocationApproval {findingId: $findingId, by: $by, reason: $reason, expires: $expires, at: $at, eventId: $eventId, via: $via})`,
        { findingId: r.findingId, by: r.approval.by, reason: r.approval.reason, expires: r.approval.expires, at: r.at, eventId: r.eventId, via: r.approval.via ?? 'cli' },
      );
      continue;
    }
    if (r.actionId) rows.push({ id: r.actionId, at: r.at, props: actionProps(r) });
  }
  // One statement for a batch; the same action twice in a batch is applied in order.
  const seen = new Set<string>();
  let batch: typeof rows = [];
  const flush = async () => {
    if (batch.length) await store.write('UNWIND $rows AS r MERGE (a:Revocation {id: r.id}) ON CREATE SET a.createdAt = r.at SET a += r.props', { rows: batch });
    batch = [];
    seen.clear();
  };
  for (const row of rows) {
    if (seen.has(row.id)) await flush();
    seen.add(row.id);
    batch.push(row);
  }
  await flush();
}

function actionProps(r: AuditRecord): Record<string, unknown> {
  const props: Record<string, unknown> = { status: r.event, updatedAt: r.at, lastEventId: r.eventId };
  if (r.findingId) props.findingId = r.findingId;
  if (r.ruleId) props.ruleId = r.ruleId;
  if (r.subject) Object.assign(props, { subjectSource: r.subject.source, subjectContainer: r.subject.container, subjectType: r.subject.type, subjectId: r.subject.id });
  if (r.kind) props.kind = r.kind;
  if (r.summary) props.summary = r.summary;
  if (r.decidedBy && !r.event.startsWith('undo') && r.event !== 'undone') props.decidedBy = r.decidedBy;
  if (r.calls) props.callsJson = JSON.stringify(r.calls);
  if (r.params) props.paramsJson = JSON.stringify(r.params);
  if (r.reversible !== undefined) props.reversible = r.reversible;
  if (r.undo) props.undo = r.undo;
  if (r.before) props.beforeJson = JSON.stringify(r.before);
  if (r.runId) props.runId = r.runId;
  if (r.event === 'planned') props.planState = r.planState ?? 'ready';
  props.detail = r.detail ?? null;
  props.error = r.error ?? null;
  if (r.event === 'executed') props.executedAt = r.at;
  if (r.event === 'undone') props.undoneAt = r.at;
  if (r.event.startsWith('undo') || r.event === 'undone') props.undoneBy = r.decidedBy ?? null;
  return props;
}
