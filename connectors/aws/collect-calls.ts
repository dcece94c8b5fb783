// Every AWS call of a collect goes through here: bounded concurrency, counting
// (logical calls and HTTP attempts, so retries are visible) and one error shape
// that names the API, the account and AWS's error code.
import type { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LimitFunction } from 'p-limit';
import { SourceError } from '../../src/util/errors.js';

export class ApiCounter {
  /** Logical calls per operation, e.g. `IAM ListAccessKeys`. */
  readonly calls = new Map<string, number>();
  /** HTTP attempts per operation: calls plus the SDK's retries. */
  readonly attempts = new Map<string, number>();

  bump(map: Map<string, number>, op: string): void {
    map.set(op, (map.get(op) ?? 0) + 1);
  }
}

type AnyClient = IAMClient | STSClient | OrganizationsClient | SecretsManagerClient;

function operation(context: { clientName?: string; commandName?: string }): string {
  const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
  return `${service} ${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
}

/** Adds counting middleware. Named and overriding, so instrumenting twice is harmless. */
export function instrument<C extends AnyClient>(client: C, counter: ApiCounter): C {
  const stack = client.middlewareStack as IAMClient['middlewareStack'];
  // initialize runs once per send(): the logical call.
  stack.add((next, context) => async (args) => {
    counter.bump(counter.calls, operation(context));
    return next(args);
  }, { step: 'initialize', name: 'driftgraphCountCalls', override: true });
  // deserialize sits inside the retry loop (finalizeRequest): once per HTTP attempt.
  stack.add((next, context) => async (args) => {
    counter.bump(counter.attempts, operation(context));
    return next(args);
  }, { step: 'deserialize', name: 'driftgraphCountAttempts', override: true });
  return client;
}

interface AwsErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** AWS's error code of an SDK error (`AccessDenied`, `Throttling`, ...). */
export function awsErrorCode(e: unknown): string {
  const err = (e ?? {}) as AwsErrorLike;
  return err.Code ?? err.code ?? err.name ?? 'Error';
}

export function toSourceError(api: string, account: string | undefined, e: unknown): SourceError {
  if (e instanceof SourceError) return e;
  const err = (e ?? {}) as AwsErrorLike;
  const code = awsErrorCode(e);
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts ?? 1;
  const where = account ? ` in account ${account}` : '';
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const detail = err.message && err.message !== code ? `: ${err.message}` : '';
  return new SourceError('aws', `${api}${where} failed with ${code}${detail}${tries}`, { api, status: status ?? code }, { cause: e });
}

export class ApiCaller {
  constructor(
    readonly limit: LimitFunction,
    readonly counter: ApiCounter,
  ) {}

  /**
   * Runs one API call within the concurrency bound. Only leaf calls go through
   * the limiter (never a call that itself waits on another limited call), so
   * it cannot deadlock. `stop` aborted: the call is not made.
   */
  async call<T>(api: string, account: string | undefined, fn: () => Promise<T>, stop?: AbortSignal): Promise<T> {
    try {
      // Checked when the slot is granted: calls queued behind a failure of
      // the same account are dropped instead of sent.
      return await this.limit(() => (stop?.throwIfAborted(), fn()));
    } catch (e) {
      throw toSourceError(api, account, e);
    }
  }
}
