// What driftgraph can revoke in GCP, least destructive first: disable a
// user-managed service account key (undo: enable), disable a Secret Manager
// secret's enabled versions (undo: enable), disable a service account
// (undo: enable), and remove a member from a project's role binding with a
// read-modify-write of the policy that honours its etag: a 409 (someone else
// changed the policy in between) re-reads and tries again, a few times.
// Undo adds the member back the same way. Conditional bindings are never
// edited: a member held only through one is left as it is.
import type { cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import type { PlannedRevocation, RevocationAction } from '../../src/sources/connector.js';
import { ActionCallError } from '../../src/sources/connector.js';
import type { GcpConfig } from './config.js';
import type { GcpClients } from './collect-clients.js';
import { disableSecretVersion } from './actions-secrets.js';

type Policy = cloudresourcemanager_v3.Schema$Policy;
const ETAG_ATTEMPTS = 5;

function statusOf(e: unknown): number | undefined {
  const x = e as { status?: number; code?: number | string; response?: { status?: number } };
  return x.response?.status ?? x.status ?? (typeof x.code === 'number' ? x.code : undefined);
}

async function call<T>(name: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await send();
  } catch (e) {
    const status = statusOf(e);
    if (status === 404) return null;
    const google = (e as { response?: { data?: { error?: { status?: string } } } }).response?.data?.error?.status;
    throw new ActionCallError(name, status, google ?? 'request failed');
  }
}

// The Google API clients are loaded on the first call: planning and scans never need them.
const clientsFor = async (config: GcpConfig | undefined): Promise<GcpClients> => (await import('./collect-clients.js')).gcpClients(config);
const KEY_DISABLE = 'IAM projects.serviceAccounts.keys.disable';
const SA_DISABLE = 'IAM projects.serviceAccounts.disable';
const SET_POLICY = 'Resource Manager projects.setIamPolicy';

const disableKey: RevocationAction<GcpConfig> = {
  kind: 'gcp.disable-key',
  subjectTypes: ['service-account-key'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'gcp' || i.subject.type !== 'service-account-key') return [];
    if (!['deactivate-credential', 'decommission-identity', 'disable-account'].includes(i.action)) return [];
    const project = i.subject.container ?? '';
    const p: PlannedRevocation = {
      kind: 'gcp.disable-key',
      summary: `disable service account key ${i.subject.id.split('/').pop()} of ${i.subject.id.split('/')[3] ?? ''} in project ${project}`,
      container: project,
      calls: [{ api: KEY_DISABLE, target: { name: i.subject.id } }],
      reversible: true,
      undo: 'IAM projects.serviceAccounts.keys.enable',
      params: { project, name: i.subject.id },
    };
    return [p];
  },
  async check(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    const r = await call('IAM projects.serviceAccounts.keys.get', () => iam.projects.serviceAccounts.keys.get({ name: p.name }));
    if (!r) return { stillThere: false, state: { exists: false }, detail: 'the key no longer exists' };
    const disabled = r.data.disabled === true;
    return { stillThere: !disabled, state: { exists: true, disabled }, detail: disabled ? 'the key is already disabled' : 'enabled' };
  },
  async execute(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    if ((await call(KEY_DISABLE, () => iam.projects.serviceAccounts.keys.disable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(KEY_DISABLE, 404, 'the key no longer exists', true);
  },
  async undo(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    const name = 'IAM projects.serviceAccounts.keys.enable';
    if ((await call(name, () => iam.projects.serviceAccounts.keys.enable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(name, 404, 'the key no longer exists');
    return [{ api: name, target: { name: p.name! } }];
  },
};

const disableAccount: RevocationAction<GcpConfig> = {
  kind: 'gcp.disable-service-account',
  subjectTypes: ['service-account'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'gcp' || i.subject.type !== 'service-account') return [];
    if (!['decommission-identity', 'disable-account'].includes(i.action)) return [];
    const project = i.subject.container ?? '';
    const name = `projects/${project}/serviceAccounts/${i.subject.id}`;
    return [
      {
        kind: 'gcp.disable-service-account',
        summary: `disable service account ${i.subject.id} in project ${project}`,
        container: project,
        calls: [{ api: SA_DISABLE, target: { name } }],
        reversible: true,
        undo: 'IAM projects.serviceAccounts.enable',
        params: { project, name },
      },
    ];
  },
  async check(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    const r = await call('IAM projects.serviceAccounts.get', () => iam.projects.serviceAccounts.get({ name: p.name }));
    if (!r) return { stillThere: false, state: { exists: false }, detail: 'the service account no longer exists' };
    const disabled = r.data.disabled === true;
    return { stillThere: !disabled, state: { exists: true, disabled }, detail: disabled ? 'the service account is already disabled' : 'enabled' };
  },
  async execute(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    if ((await call(SA_DISABLE, () => iam.projects.serviceAccounts.disable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(SA_DISABLE, 404, 'the service account no longer exists', true);
  },
  async undo(p, ctx) {
    const { iam } = await clientsFor(ctx.config);
    const name = 'IAM projects.serviceAccounts.enable';
    if ((await call(name, () => iam.projects.serviceAccounts.enable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(name, 404, 'the service account no longer exists');
    return [{ api: name, target: { name: p.name! } }];
  },
};

async function readPolicy(c: GcpClients, project: string): Promise<Policy> {
  const r = await call('Resource Manager projects.getIamPolicy', () => c.crm.projects.getIamPolicy({ resource: `projects/${project}`, requestBody: { options: { requestedPolicyVersion: 3 } } }));
  if (!r) throw new ActionCallError('Resource Manager projects.getIamPolicy', 404, 'the project no longer exists', true);
  return r.data;
}

const holds = (policy: Policy, role: string, member: string) => (policy.bindings ?? []).some((b) => b.role === role && !b.condition && (b.members ?? []).includes(member));

/**
 * Read, change, write with the etag read; on 409/412 (the policy moved) read
 * again and redo the change. `change` returns null when there is nothing to do.
 */
async function readModifyWrite(c: GcpClients, project: string, change: (p: Policy) => Policy | null): Promise<boolean> {
  for (let attempt = 0; attempt < ETAG_ATTEMPTS; attempt++) {
    const next = change(await readPolicy(c, project));
    if (!next) return false;
    try {
      await c.crm.projects.setIamPolicy({ resource: `projects/${project}`, requestBody: { policy: next } });
      return true;
    } catch (e) {
      const status = statusOf(e);
      if (status === 409 || status === 412) continue;
      throw new ActionCallError(SET_POLICY, status, (e as { response?: { data?: { error?: { status?: string } } } }).response?.data?.error?.status ?? 'request failed');
    }
  }
  throw new ActionCallError(SET_POLICY, 409, `the policy changed under every one of ${ETAG_ATTEMPTS} attempts (etag moved): try again later`);
}

const removeBinding: RevocationAction<GcpConfig> = {
  kind: 'gcp.remove-binding-member',
  subjectTypes: ['binding'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'gcp' || i.subject.type !== 'binding' || !['disable-account', 'link-or-remove-account'].includes(i.action)) return [];
    const project = i.subject.container ?? '';
    const roles = Array.isArray(i.props.roles) ? i.props.roles.map(String) : Array.isArray(i.evidence.roles) ? i.evidence.roles.map(String) : [];
    return roles.map((role): PlannedRevocation => ({
      kind: 'gcp.remove-binding-member',
      summary: `remove ${i.subject.id} from ${role} in project ${project}`,
      container: project,
      calls: [
        { api: 'Resource Manager projects.getIamPolicy', target: { resource: `projects/${project}` } },
        { api: SET_POLICY, target: { resource: `projects/${project}`, role, remove: i.subject.id, etag: 'as read' } },
      ],
      reversible: true,
      undo: `${SET_POLICY} add ${i.subject.id} to ${role} (read-modify-write)`,
      params: { project, role, member: i.subject.id },
    }));
  },
  async check(p, ctx) {
    const policy = await readPolicy(await clientsFor(ctx.config), p.project!);
    const there = holds(policy, p.role!, p.member!);
    return { stillThere: there, state: { etag: policy.etag ?? null, bound: there }, detail: there ? 'bound' : `no longer bound to ${p.role} (without a condition)` };
  },
  async execute(p, ctx) {
    const done = await readModifyWrite(await clientsFor(ctx.config), p.project!, (policy) => {
      if (!holds(policy, p.role!, p.member!)) return null;
      const bindings = (policy.bindings ?? [])
        .map((b) => (b.role === p.role && !b.condition ? { ...b, members: (b.members ?? []).filter((m) => m !== p.member) } : b))
        .filter((b) => (b.members ?? []).length > 0);
      return { ...policy, bindings };
    });
    if (!done) throw new ActionCallError(SET_POLICY, 404, 'the member is no longer bound', true);
  },
  async undo(p, ctx) {
    await readModifyWrite(await clientsFor(ctx.config), p.project!, (policy) => {
      if (holds(policy, p.role!, p.member!)) return null;
      const bindings = [...(policy.bindings ?? [])];
      const i = bindings.findIndex((b) => b.role === p.role && !b.condition);
      if (i >= 0) bindings[i] = { ...bindings[i], members: [...(bindings[i]!.members ?? []), p.member!] };
      else bindings.push({ role: p.role!, members: [p.member!] });
      return { ...policy, bindings };
    });
    return [{ api: SET_POLICY, target: { resource: `projects/${p.project!}`, role: p.role!, add: p.member! } }];
  },
};

export const gcpRevocations: RevocationAction<GcpConfig>[] = [disableKey, disableSecretVersion, removeBinding, disableAccount];
