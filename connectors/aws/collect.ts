// Live AWS collect: every configured account -> <outDir>/aws/<account-id>/.
// An account that fails writes nothing and the others still complete; the
// collect then throws, so the caller knows the AWS source is incomplete (an
// absent account folder means "not scanned", never "empty").
import pLimit from 'p-limit';
import { SourceError } from '../../src/util/errors.js';
import type { Progress } from '../../src/util/progress.js';
import type { AwsConfig } from './config.js';
import { collectAccount, type AccountStats } from './collect-account.js';
import { resolveAccounts } from './collect-accounts.js';
import { ApiCaller, ApiCounter, instrument } from './collect-calls.js';
import { awsClientFactory, type AwsClientFactory } from './collect-clients.js';
import { listSecrets } from './collect-secrets.js';

export type { AwsClientFactory, AwsClientOptions, AwsCredentials } from './collect-clients.js';
export { awsClientFactory } from './collect-clients.js';
export type { AccountStats } from './collect-account.js';

export interface CollectStats {
  accounts: AccountStats[];
  /** Logical API calls per operation (`IAM ListAccessKeys`: 4012). */
  calls: Record<string, number>;
  /** HTTP requests per operation: calls plus retries. */
  httpRequests: Record<string, number>;
  totalCalls: number;
  totalHttpRequests: number;
  wallMs: number;
  /** Accounts that could not be collected: nothing of theirs was written. */
  failed: { accountId: string; error: SourceError }[];
}

export interface CollectAwsOptions {
  /** Longest wait for each account's credential report (default 5 minutes). */
  reportWaitMs?: number;
}

export interface CollectAwsContext {
  /** The config's `aws` section under `aws` (the shape driftgraph.yaml gives it). */
  config: { aws?: AwsConfig };
  progress: Progress;
  /** The collect's "now" (ISO); the files keep AWS's own timestamps. */
  now: string;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

/** Collect every account; a failed account is reported in `failed`, the others complete. */
export async function collectAwsAccounts(
  outDir: string,
  ctx: CollectAwsContext,
  clients: AwsClientFactory = awsClientFactory({ region: ctx.config.aws?.region }),
  options: CollectAwsOptions = {},
): Promise<CollectStats> {
  const started = Date.now();
  const concurrency = ctx.config.aws?.concurrency ?? 4;
  // One bound on requests in flight across all accounts: IAM throttles per
  // account, but sockets and the adaptive limiter are shared per process.
  const caller = new ApiCaller(pLimit(concurrency), new ApiCounter());
  const targets = await resolveAccounts(ctx.config, clients, caller, ctx.progress);
  ctx.progress.step(`aws: collecting ${targets.length} account${targets.length === 1 ? '' : 's'} (${concurrency} requests at a time)`);

  // Accounts in progress at once (memory: each holds its details until written).
  const accountLimit = pLimit(concurrency);
  const results = await Promise.allSettled(
    targets.map((t) =>
      accountLimit(async () => {
        const credentials = await t.connect();
        const iam = instrument(clients.iam(credentials), caller.counter);
        const regions = ctx.config.aws?.secretsManager?.regions;
        const secretsClients: { destroy(): void }[] = [];
        try {
          return await collectAccount({
            accountId: t.accountId,
            via: t.via,
            iam,
            caller,
            progress: ctx.progress,
            outDir,
            reportWaitMs: options.reportWaitMs ?? 5 * 60_000,
            secrets: regions
              ? () =>
                  listSecrets(t.accountId, regions, (region) => {
                    const sm = instrument(clients.secretsManager(region, credentials), caller.counter);
                    secretsClients.push(sm);
                    return sm;
                  }, caller)
              : undefined,
          });
        } finally {
          iam.destroy();
          for (const sm of secretsClients) sm.destroy();
        }
      }),
    ),
  );

  const accounts: AccountStats[] = [];
  const failed: CollectStats['failed'] = [];
  results.forEach((r, i) => {
    const accountId = targets[i]!.accountId;
    if (r.status === 'fulfilled') accounts.push(r.value);
    else failed.push({ accountId, error: r.reason instanceof SourceError ? r.reason : new SourceError('aws', `account ${accountId}: ${String(r.reason)}`, {}, { cause: r.reason }) });
  });
  return {
    failed,
    accounts,
    calls: sorted(caller.counter.calls),
    httpRequests: sorted(caller.counter.attempts),
    totalCalls: sum(caller.counter.calls),
    totalHttpRequests: sum(caller.counter.attempts),
    wallMs: Date.now() - started,
  };
}

/** Like collectAwsAccounts, but throws when any account failed (naming each). */
export async function collectAws(
  outDir: string,
  ctx: CollectAwsContext,
  clients?: AwsClientFactory,
  options: CollectAwsOptions = {},
): Promise<CollectStats> {
  const stats = await collectAwsAccounts(outDir, ctx, clients, options);
  const failures = stats.failed.map((f) => f.error);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const first = failures[0]!;
    throw new SourceError('aws', `${failures.length} accounts failed: ${failures.map((f) => f.describe()).join('; ')}`, first.place, { cause: first });
  }
  return stats;
}
