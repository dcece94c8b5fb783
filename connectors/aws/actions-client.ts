// IAM clients for revocation: one per account, reached as collection reaches
// it (a role in aws.assumeRoles for that account, else the organization's
// roleName, else the default credentials), with the SDK's adaptive retry for
// Throttling and 5xx. Failures become ActionCallErrors naming the IAM call;
// NoSuchEntity (404) means the thing is already gone.
import type { IAMClient } from '@aws-sdk/client-iam';
import { ActionCallError } from '../../src/sources/connector.js';
import { awsErrorCode } from './collect-calls.js';
import type { AwsCredentials } from './collect-clients.js';
import type { AwsConfig } from './config.js';

const clients = new Map<string, Promise<IAMClient>>();

function roleFor(config: AwsConfig | undefined, account: string): string | null {
  const listed = config?.assumeRoles?.find((arn) => arn.split(':')[4] === account);
  if (listed) return listed;
  if (config?.organizations) return `arn:aws:iam::${account}:role/${config.organizations.roleName}`;
  return null;
}

/** Credentials for acting in `account`: the role collection would use, else the default chain (undefined). */
export async function credentialsFor(config: AwsConfig | undefined, env: NodeJS.ProcessEnv, account: string): Promise<AwsCredentials | undefined> {
  const role = roleFor(config, account);
  if (!role) return undefined;
  // Loaded on the first action: the SDK clients are not needed to plan.
  const { awsClientFactory } = await import('./collect-clients.js');
  const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const factory = awsClientFactory({ region: config?.region, endpoint: env.DRIFTGRAPH_AWS_ENDPOINT || undefined, maxAttempts: 4 });
  try {
    const out = await factory.sts().send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'driftgraph-revoke', ExternalId: config?.externalId }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('no credentials returned');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (e) {
    throw new ActionCallError('STS AssumeRole', (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, `${role}: ${awsErrorCode(e)}`);
  }
}

async function connect(config: AwsConfig | undefined, env: NodeJS.ProcessEnv, account: string): Promise<IAMClient> {
  const { awsClientFactory } = await import('./collect-clients.js');
  const factory = awsClientFactory({ region: config?.region, endpoint: env.DRIFTGRAPH_AWS_ENDPOINT || undefined, maxAttempts: 4 });
  return factory.iam(await credentialsFor(config, env, account));
}

export function iamFor(config: AwsConfig | undefined, env: NodeJS.ProcessEnv, account: string): Promise<IAMClient> {
  let c = clients.get(account);
  if (!c) {
    c = connect(config, env, account);
    clients.set(account, c);
    // A refused AssumeRole is not cached: the next action in that account tries again.
    c.catch(() => clients.delete(account));
  }
  return c;
}

/** Run one IAM call; NoSuchEntity becomes `null` when `goneOk`, an ActionCallError marked gone otherwise. */
export async function iamCall<T>(call: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    const code = awsErrorCode(e);
    const meta = (e as { $metadata?: { httpStatusCode?: number; attempts?: number } }).$metadata;
    const status = meta?.httpStatusCode;
    const tries = (meta?.attempts ?? 1) > 1 ? ` after ${meta!.attempts} attempts` : '';
    throw new ActionCallError(`IAM ${call}`, status ?? code, `${code}${tries}`, code === 'NoSuchEntity' || code === 'NoSuchEntityException' || status === 404);
  }
}

/** True when the error says the entity is gone. */
export const isGone = (e: unknown) => e instanceof ActionCallError && e.gone;
