// CloudTrail records -> use signals and context. Records are folded in one at
// a time (a month of logs does not fit in memory as objects): the latest event
// per identity and per access key, and one Activity aggregate per
// (identity, region, source IP), which is what context-geo-mismatch judges.
import { toInstant } from '../../src/util/time.js';
import { withoutQuotedText } from '../lib/messages.js';
import { isObject } from './policy-document.js';
import { redactText } from '../../src/util/redact.js';

/** Services CloudTrail logs in us-east-1 whatever the caller's region: never judged by region. */
const GLOBAL_SOURCES = new Set(
  ['iam', 'sts', 'organizations', 'cloudfront', 'route53', 'support', 'signin'].map((s) => `${s}.amazonaws.com`),
);

export interface ActivityAggregate {
  identityArn: string;
  region: string;
  sourceIp: string;
  firstEventAt: string;
  lastEventAt: string;
  events: number;
  /** How many of the events went to a global service. */
  globalEvents: number;
  lastEventName: string | null;
  lastEventSource: string | null;
  lastUserAgent: string | null;
}

export interface TrailSummary {
  /** Identity ARN (user, root, or the role behind an assumed-role session) -> latest event. */
  identityLastUsed: Map<string, string>;
  /** AccessKeyId -> latest event signed with it. */
  keyLastUsed: Map<string, string>;
  /** `<identityArn>|<region>|<ip>` -> aggregate. */
  activities: Map<string, ActivityAggregate>;
  records: number;
  /** The account whose folder holds the logs: key use counts only for its own keys (null: any, for tests). */
  account: string | null;
  /** Records made by no IAM identity of ours (AWS services, Identity Center users, ...). */
  unattributed: number;
}

/** A record field that is present but unusable; the reader adds file and JSON path. */
export class TrailRecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function emptyTrail(account: string | null = null): TrailSummary {
  return { identityLastUsed: new Map(), keyLastUsed: new Map(), activities: new Map(), records: 0, account, unattributed: 0 };
}

export function isGlobalService(eventSource: string | null): boolean {
  return eventSource !== null && GLOBAL_SOURCES.has(eventSource.toLowerCase());
}

/** The IAM identity a record was made as: the user, the root user, or the role of a session. */
export function recordIdentityArn(userIdentity: unknown): string | null {
  if (!isObject(userIdentity)) return null;
  const type = str(userIdentity.type, 'userIdentity.type');
  if (type === 'IAMUser' || type === 'Root') return str(userIdentity.arn, 'userIdentity.arn');
  if (type === 'AssumedRole') {
    const ctx = userIdentity.sessionContext;
    if (ctx !== undefined && ctx !== null && !isObject(ctx)) throw new TrailRecordError('userIdentity.sessionContext', 'sessionContext is not an object');
    const issuer = isObject(ctx) ? ctx.sessionIssuer : undefined;
    if (issuer !== undefined && issuer !== null && !isObject(issuer)) throw new TrailRecordError('userIdentity.sessionContext.sessionIssuer', 'sessionIssuer is not an object');
    return isObject(issuer) ? str(issuer.arn, 'userIdentity.sessionContext.sessionIssuer.arn') : null;
  }
  return null;
}

/** Fold one record into the summary; throws TrailRecordError for an unusable record. */
export function addRecord(summary: TrailSummary, record: unknown): void {
  if (!isObject(record)) throw new TrailRecordError('', 'record is not an object');
  let at: string | null;
  try {
    at = toInstant(record.eventTime);
  } catch (e) {
    throw new TrailRecordError('eventTime', withoutQuotedText((e as Error).message));
  }
  if (!at) throw new TrailRecordError('eventTime', 'missing eventTime');
  const ui = record.userIdentity;
  if (ui !== undefined && ui !== null && !isObject(ui)) throw new TrailRecordError('userIdentity', 'userIdentity is not an object');
  // Every field is read (and its type checked) before the summary changes: an unreadable record adds nothing.
  const keyId = isObject(ui) ? str(ui.accessKeyId, 'userIdentity.accessKeyId') : null;
  // A trail may log other accounts' calls (cross-account access, an
  // organization trail): a key's use counts only when the caller's account is
  // this one. Key ids are matched with their account, never alone.
  const callerAccount = isObject(ui) ? str(ui.accountId, 'userIdentity.accountId') ?? accountOfArn(str(ui.arn, 'userIdentity.arn')) : null;
  const arn = recordIdentityArn(ui);
  const region = str(record.awsRegion, 'awsRegion') ?? '';
  const sourceIp = str(record.sourceIPAddress, 'sourceIPAddress') ?? '';
  const eventSource = str(record.eventSource, 'eventSource');
  const eventName = str(record.eventName, 'eventName');
  const agent = str(record.userAgent, 'userAgent');
  summary.records++;
  if (keyId && (summary.account === null || callerAccount === summary.account)) bump(summary.keyLastUsed, keyId, at);
  if (!arn) {
    summary.unattributed++;
    return;
  }
  bump(summary.identityLastUsed, arn, at);

  const id = `${arn}|${region}|${sourceIp}`;
  let a = summary.activities.get(id);
  if (!a) {
    a = { identityArn: arn, region, sourceIp, firstEventAt: at, lastEventAt: at, events: 0, globalEvents: 0, lastEventName: null, lastEventSource: null, lastUserAgent: null };
    summary.activities.set(id, a);
  }
  a.events++;
  if (isGlobalService(eventSource)) a.globalEvents++;
  if (at < a.firstEventAt) a.firstEventAt = at;
  // `>=` so that the last-read of equal-time events names the aggregate's last event.
  if (at >= a.lastEventAt) {
    a.lastEventAt = at;
    a.lastEventName = eventName;
    a.lastEventSource = eventSource;
    // User agents sometimes carry a token (a CI tool's header): keep the agent, not the token.
    a.lastUserAgent = agent === null ? null : redactText(agent);
  }
}

/** Convenience for tests and small inputs. */
export function summarizeTrail(records: unknown[]): TrailSummary {
  const s = emptyTrail();
  for (const r of records) addRecord(s, r);
  return s;
}

function bump(map: Map<string, string>, id: string, at: string): void {
  const prev = map.get(id);
  if (!prev || at > prev) map.set(id, at);
}

/** The account id inside an ARN (`arn:aws:iam::123456789012:user/x`). */
function accountOfArn(arn: string | null): string | null {
  const m = arn ? /^arn:aws[\w-]*:[^:]*:[^:]*:(\d{12}):/.exec(arn) : null;
  return m ? m[1]! : null;
}

/** Text, or null when absent, null or empty; another type makes the record unreadable. */
function str(v: unknown, field = ''): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new TrailRecordError(field, `${field || 'a field'} is ${Array.isArray(v) ? 'a list' : `a ${typeof v}`}, expected a string`);
  return v;
}
