// The real AWS SDK clients for IAM Identity Center (sso-admin) and the
// Identity Store, with counting (logical calls and HTTP attempts, so retries
// are visible) and one error shape that names the call and AWS's error code.
// One factory so a test or an air-gapped mirror can point them at another
// endpoint (DRIFTGRAPH_AWS_ENDPOINT) while production uses the default chain.
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SourceError } from '../../src/util/errors.js';
import type { AwsSsoConfig } from './config.js';
import { SOURCE } from './files.js';
import { errorCode, type AwsErrorLike } from './sdk-errors.js';

export { errorCode, httpStatus } from './sdk-errors.js';

export class CallCounter {
  /** Logical calls per operation, e.g. `SSOAdmin ListAccountAssignments`. */
  readonly calls = new Map<string, number>();
  /** HTTP attempts per operation: calls plus the SDK's retries. */
  readonly attempts = new Map<string, number>();
  bump(map: Map<string, number>, op: string): void {
    map.set(op, (map.get(op) ?? 0) + 1);
  }
  total(map: Map<string, number>): number {
    let n = 0;
    for (const v of map.values()) n += v;
    return n;
  }
}

type AnyClient = SSOAdminClient | IdentitystoreClient | STSClient;

const operation = (c: { clientName?: string; commandName?: string }) =>
  `${(c.clientName ?? 'AWS').replace(/Client$/, '')} ${(c.commandName ?? 'Unknown').replace(/Command$/, '')}`;

/** Adds counting middleware: once per send() and once per HTTP attempt. */
export function instrument<C extends AnyClient>(client: C, counter: CallCounter): C {
  const stack = client.middlewareStack as SSOAdminClient['middlewareStack'];
  stack.add((next, context) => async (args) => (counter.bump(counter.calls, operation(context)), next(args)), { step: 'initialize', name: 'driftgraphCountCalls', override: true });
  stack.add((next, context) => async (args) => (counter.bump(counter.attempts, operation(context)), next(args)), { step: 'deserialize', name: 'driftgraphCountAttempts', override: true });
  return client;
}

/** A failed call as a SourceError naming the API and the instance; never a header or credential. */
export function callError(api: string, instance: string | undefined, e: unknown): SourceError {
  if (e instanceof SourceError) return e;
  const err = (e ?? {}) as AwsErrorLike;
  const code = errorCode(e);
  const attempts = err.$metadata?.attempts ?? 1;
  const where = instance ? ` for instance ${instance}` : '';
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return new SourceError(SOURCE, `${api}${where} failed with ${code}${tries}`, { api, status: err.$metadata?.httpStatusCode ?? code }, { cause: e });
}

export interface SsoClients {
  admin: SSOAdminClient;
  store: IdentitystoreClient;
  destroy(): void;
}

/** Clients for the configured region, through `assumeRole` when the config names one. */
export async function ssoClients(config: AwsSsoConfig | undefined, env: NodeJS.ProcessEnv, maxAttempts = 6): Promise<SsoClients> {
  const endpoint = env.DRIFTGRAPH_AWS_ENDPOINT || undefined;
  const base = {
    region: config?.region ?? env.AWS_REGION ?? 'us-east-1',
    // Adaptive: the SDK's retry with a client-side rate limiter that slows
    // down after ThrottlingException, which both APIs return readily.
    retryMode: 'adaptive',
    maxAttempts,
    ...(endpoint ? { endpoint } : {}),
  };
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
  if (config?.assumeRole) {
    const sts = new STSClient(base);
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: config.assumeRole, RoleSessionName: 'driftgraph', ExternalId: config.externalId }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new SourceError(SOURCE, `STS AssumeRole ${config.assumeRole} returned no credentials`, { api: 'STS AssumeRole' });
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    } catch (e) {
      throw callError('STS AssumeRole', undefined, e);
    } finally {
      sts.destroy();
    }
  }
  const cfg = { ...base, ...(credentials ? { credentials } : {}) };
  const admin = new SSOAdminClient(cfg);
  const store = new IdentitystoreClient(cfg);
  return { admin, store, destroy: () => (admin.destroy(), store.destroy()) };
}
