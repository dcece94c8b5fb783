// What driftgraph can revoke in Vault: disable an entity (undo: enable it),
// revoke a token by its accessor, destroy an AppRole secret ID by its
// accessor. Actions reach the cluster named in `vault.clusters` with the
// token in its `actionTokenEnv`; the snapshot is never trusted for where to
// write. Tokens and secret IDs are named by accessor only.
import { ActionCallError, type ActionContext, type PlannedRevocation, type RemediationInput, type RevocationAction } from '../../src/sources/connector.js';
import { SourceError } from '../../src/util/errors.js';
import { VaultClient } from './client.js';
import type { VaultConfig } from './config.js';

const seg = (s: string) => s.split('/').map(encodeURIComponent).join('/');

function clientFor(ctx: ActionContext<VaultConfig>, cluster: string, call: string): VaultClient {
  const conf = ctx.config?.clusters?.find((c) => c.name === cluster);
  if (!conf) throw new ActionCallError(call, undefined, `vault.clusters has no cluster named ${cluster} in driftgraph.yaml`);
  if (!conf.actionTokenEnv) throw new ActionCallError(call, undefined, `vault.clusters[${cluster}].actionTokenEnv is not configured in driftgraph.yaml`);
  const token = ctx.env[conf.actionTokenEnv];
  if (!token) throw new ActionCallError(call, undefined, `the environment variable ${conf.actionTokenEnv} (vault.clusters[${cluster}].actionTokenEnv) is not set`);
  return new VaultClient({ address: conf.address, token, namespace: conf.namespace }, { requestsPerSecond: 10, concurrency: 1, retries: 3 });
}

/** A SourceError from the client as the ActionCallError the core records. */
async function calling<T>(call: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SourceError) throw new ActionCallError(call, e.place.status, e.message);
    throw e;
  }
}

const ENTITY_CALL = 'Vault POST /v1/identity/entity/id/{id}';

const disableEntity: RevocationAction<VaultConfig> = {
  kind: 'vault.disable-entity',
  subjectTypes: ['entity'],
  reversible: true,
  plan(i: RemediationInput) {
    if (i.subject.source !== 'vault' || i.subject.type !== 'entity') return [];
    if (!['disable-account', 'link-or-remove-account', 'decommission-identity'].includes(i.action)) return [];
    const cluster = i.subject.container ?? '';
    return [
      {
        kind: 'vault.disable-entity',
        summary: `disable Vault entity ${i.subject.name ?? i.subject.id} on cluster ${cluster}`,
        container: cluster,
        calls: [{ api: ENTITY_CALL, target: { cluster, id: i.subject.id, disabled: 'true' } }],
        reversible: true,
        undo: 'Vault POST /v1/identity/entity/id/{id} disabled=false',
        params: { cluster, entityId: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const c = clientFor(ctx, p.cluster!, 'Vault GET /v1/identity/entity/id/{id}');
    const e = await calling('Vault GET /v1/identity/entity/id/{id}', () => c.read(`identity/entity/id/${seg(p.entityId!)}`));
    if (!e) return { stillThere: false, state: { exists: false }, detail: 'the entity no longer exists' };
    const disabled = e.disabled === true;
    return { stillThere: !disabled, state: { exists: true, disabled }, detail: disabled ? 'the entity is already disabled' : 'enabled' };
  },
  async execute(p, ctx) {
    const c = clientFor(ctx, p.cluster!, ENTITY_CALL);
    const r = await calling(ENTITY_CALL, () => c.call('POST', `identity/entity/id/${seg(p.entityId!)}`, { disabled: true }, ENTITY_CALL));
    if (r.status === 404) throw new ActionCallError(ENTITY_CALL, 404, 'the entity no longer exists', true);
  },
  async undo(p, ctx) {
    const c = clientFor(ctx, p.cluster!, ENTITY_CALL);
    const r = await calling(ENTITY_CALL, () => c.call('POST', `identity/entity/id/${seg(p.entityId!)}`, { disabled: false }, ENTITY_CALL));
    if (r.status === 404) throw new ActionCallError(ENTITY_CALL, 404, 'the entity no longer exists: nothing to enable');
    return [{ api: ENTITY_CALL, target: { cluster: p.cluster!, id: p.entityId!, disabled: 'false' } }];
  },
};

const REVOKE_CALL = 'Vault POST /v1/auth/token/revoke-accessor';
const LOOKUP_CALL = 'Vault POST /v1/auth/token/lookup-accessor';

function revokePlan(cluster: string, accessor: string, of: string): PlannedRevocation {
  return {
    kind: 'vault.revoke-token',
    summary: `revoke Vault token ${accessor}${of} on cluster ${cluster}`,
    container: cluster,
    calls: [{ api: REVOKE_CALL, target: { cluster, accessor } }],
    reversible: false,
    params: { cluster, accessor },
  };
}

const revokeToken: RevocationAction<VaultConfig> = {
  kind: 'vault.revoke-token',
  subjectTypes: ['token', 'entity'],
  reversible: false,
  plan(i) {
    if (i.subject.source !== 'vault') return [];
    const cluster = i.subject.container ?? '';
    if (i.subject.type === 'token' && ['deactivate-credential', 'decommission-identity'].includes(i.action)) return [revokePlan(cluster, i.subject.id, '')];
    // A leaver's entity: its active tokens go too (disabling the entity first stops them; revoking makes it final).
    if (i.subject.type === 'entity' && i.action === 'disable-account' && Array.isArray(i.evidence.activeCredentials)) {
      return i.evidence.activeCredentials.map((a) => revokePlan(cluster, String(a), ` of entity ${i.subject.name ?? i.subject.id}`));
    }
    return [];
  },
  async check(p, ctx) {
    const c = clientFor(ctx, p.cluster!, LOOKUP_CALL);
    try {
      const t = await calling(LOOKUP_CALL, () => c.post('auth/token/lookup-accessor', { accessor: p.accessor }));
      if (!t) return { stillThere: false, state: { exists: false }, detail: 'the token no longer exists' };
      return { stillThere: true, state: { exists: true, expireTime: typeof t.expire_time === 'string' ? t.expire_time : null }, detail: 'valid' };
    } catch (e) {
      // Vault answers 400 "invalid accessor" for a token that expired or was revoked.
      if (e instanceof ActionCallError && e.status === 400) return { stillThere: false, state: { exists: false }, detail: 'the token no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const c = clientFor(ctx, p.cluster!, REVOKE_CALL);
    try {
      await calling(REVOKE_CALL, () => c.call('POST', 'auth/token/revoke-accessor', { accessor: p.accessor }, REVOKE_CALL));
    } catch (e) {
      if (e instanceof ActionCallError && e.status === 400) throw new ActionCallError(REVOKE_CALL, 400, 'the token no longer exists', true);
      throw e;
    }
  },
};

const DESTROY_CALL = 'Vault POST /v1/auth/{mount}/role/{role}/secret-id-accessor/destroy';
const SECRET_LOOKUP_CALL = 'Vault POST /v1/auth/{mount}/role/{role}/secret-id-accessor/lookup';

const destroySecretId: RevocationAction<VaultConfig> = {
  kind: 'vault.destroy-secret-id',
  subjectTypes: ['secret-id'],
  reversible: false,
  plan(i) {
    if (i.subject.source !== 'vault' || i.subject.type !== 'secret-id') return [];
    if (!['deactivate-credential', 'decommission-identity'].includes(i.action)) return [];
    const mount = typeof i.props.mount === 'string' ? i.props.mount : null;
    const role = typeof i.props.role === 'string' ? i.props.role : null;
    if (!mount || !role) return [];
    const cluster = i.subject.container ?? '';
    return [
      {
        kind: 'vault.destroy-secret-id',
        summary: `destroy secret ID ${i.subject.id} of AppRole ${role} on cluster ${cluster}`,
        container: cluster,
        calls: [{ api: DESTROY_CALL, target: { cluster, mount, role, secretIdAccessor: i.subject.id } }],
        reversible: false,
        params: { cluster, mount, role, accessor: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const c = clientFor(ctx, p.cluster!, SECRET_LOOKUP_CALL);
    const path = `auth/${seg(p.mount!)}/role/${seg(p.role!)}/secret-id-accessor/lookup`;
    try {
      const s = await calling(SECRET_LOOKUP_CALL, () => c.post(path, { secret_id_accessor: p.accessor }));
      if (!s) return { stillThere: false, state: { exists: false }, detail: 'the secret ID no longer exists' };
      return { stillThere: true, state: { exists: true }, detail: 'valid' };
    } catch (e) {
      if (e instanceof ActionCallError && e.status === 400) return { stillThere: false, state: { exists: false }, detail: 'the secret ID no longer exists' };
      throw e;
    }
  },
  async execute(p, ctx) {
    const c = clientFor(ctx, p.cluster!, DESTROY_CALL);
    const path = `auth/${seg(p.mount!)}/role/${seg(p.role!)}/secret-id-accessor/destroy`;
    const r = await calling(DESTROY_CALL, () => c.call('POST', path, { secret_id_accessor: p.accessor }, DESTROY_CALL));
    if (r.status === 404) throw new ActionCallError(DESTROY_CALL, 404, 'the secret ID or its role no longer exists', true);
  },
};

export const vaultRevocations: RevocationAction<VaultConfig>[] = [disableEntity, revokeToken, destroySecretId];
