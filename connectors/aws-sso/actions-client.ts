// What the revocation actions share: clients, calls that fail as
// ActionCallErrors naming the API, and the lookups that turn the names a
// finding holds (instance id, user name, group name, permission set name)
// into the ids the calls need, read live right before each call.
import { ActionCallError, type ActionContext } from '../../src/sources/connector.js';
import type { SsoClients } from './collect-clients.js';
import { errorCode, httpStatus } from './sdk-errors.js';
import type { AwsSsoConfig } from './config.js';
// The SDKs are loaded on the first call: plans and scans never need them.
const storeSdk = () => import('@aws-sdk/client-identitystore');
const adminSdk = () => import('@aws-sdk/client-sso-admin');


/** Run one call; ResourceNotFoundException (404) marks the error as "already gone". */
export async function ssoCall<T>(call: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    if (e instanceof ActionCallError) throw e;
    const code = errorCode(e);
    const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    throw new ActionCallError(call, httpStatus(e) ?? code, `${code}${attempts > 1 ? ` after ${attempts} attempts` : ''}`, code === 'ResourceNotFoundException');
  }
}

export const isGone = (e: unknown) => e instanceof ActionCallError && e.gone;

export async function withClients<T>(ctx: ActionContext<AwsSsoConfig>, run: (c: SsoClients) => Promise<T>): Promise<T> {
  let c: SsoClients;
  try {
    c = await (await import('./collect-clients.js')).ssoClients(ctx.config, ctx.env, 4);
  } catch (e) {
    throw new ActionCallError('STS AssumeRole', httpStatus((e as { cause?: unknown }).cause), errorCode((e as { cause?: unknown }).cause ?? e));
  }
  try {
    return await run(c);
  } finally {
    c.destroy();
  }
}

/** The instance ARN and identity store id of an instance id. */
export async function instanceOf(c: SsoClients, instance: string): Promise<{ instanceArn: string; identityStoreId: string }> {
  let NextToken: string | undefined;
  do {
    const page = await ssoCall('SSOAdmin ListInstances', async () => c.admin.send(new (await adminSdk()).ListInstancesCommand({ NextToken })));
    const hit = page.Instances?.find((i) => i.InstanceArn?.endsWith(`/${instance}`));
    if (hit?.InstanceArn && hit.IdentityStoreId) return { instanceArn: hit.InstanceArn, identityStoreId: hit.IdentityStoreId };
    NextToken = page.NextToken;
  } while (NextToken);
  throw new ActionCallError('SSOAdmin ListInstances', 404, `instance ${instance} not found`, true);
}

export async function userIdOf(c: SsoClients, IdentityStoreId: string, userName: string): Promise<string> {
  const out = await ssoCall('Identitystore GetUserId', async () =>
    c.store.send(new (await storeSdk()).GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: userName } } })),
  );
  if (!out.UserId) throw new ActionCallError('Identitystore GetUserId', 404, 'no such user', true);
  return out.UserId;
}

export async function groupIdOf(c: SsoClients, IdentityStoreId: string, displayName: string): Promise<string> {
  const out = await ssoCall('Identitystore GetGroupId', async () =>
    c.store.send(new (await storeSdk()).GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: displayName } } })),
  );
  if (!out.GroupId) throw new ActionCallError('Identitystore GetGroupId', 404, 'no such group', true);
  return out.GroupId;
}

/** A permission set's ARN from its name (names are unique in an instance). */
export async function permissionSetArnOf(c: SsoClients, InstanceArn: string, name: string): Promise<string> {
  let NextToken: string | undefined;
  do {
    const page = await ssoCall('SSOAdmin ListPermissionSets', async () => c.admin.send(new (await adminSdk()).ListPermissionSetsCommand({ InstanceArn, NextToken })));
    for (const PermissionSetArn of page.PermissionSets ?? []) {
      const d = await ssoCall('SSOAdmin DescribePermissionSet', async () => c.admin.send(new (await adminSdk()).DescribePermissionSetCommand({ InstanceArn, PermissionSetArn })));
      if (d.PermissionSet?.Name === name) return PermissionSetArn;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  throw new ActionCallError('SSOAdmin ListPermissionSets', 404, `no permission set named ${JSON.stringify(name)}`, true);
}
