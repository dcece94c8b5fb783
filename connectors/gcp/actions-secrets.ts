// Revoking a Secret Manager secret: disable each of its enabled versions
// (undo: enable it again). A version is never destroyed and no call reads a
// payload: the check reads the version's metadata (versions.get) right before
// the call. A secret whose versions the scan did not see plans nothing.
import { ActionCallError, type PlannedRevocation, type RevocationAction } from '../../src/sources/connector.js';
import type { GcpClients } from './collect-clients.js';
import type { GcpConfig } from './config.js';

const DISABLE = 'Secret Manager secrets.versions.disable';
const ENABLE = 'Secret Manager secrets.versions.enable';
const GET = 'Secret Manager secrets.versions.get';

/** One Secret Manager call; a 404 becomes null (the version is gone). */
async function call<T>(name: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await send();
  } catch (e) {
    const x = e as { status?: number; code?: number | string; response?: { status?: number; data?: { error?: { status?: string } } } };
    const status = x.response?.status ?? x.status ?? (typeof x.code === 'number' ? x.code : undefined);
    if (status === 404) return null;
    throw new ActionCallError(name, status, x.response?.data?.error?.status ?? 'request failed');
  }
}

// Loaded on the first call: planning and scans never need Google's clients.
const versionsFor = async (config: GcpConfig | undefined): Promise<GcpClients['secretManager']['projects']['secrets']['versions']> =>
  (await import('./collect-clients.js')).gcpClients(config).secretManager.projects.secrets.versions;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export const disableSecretVersion: RevocationAction<GcpConfig> = {
  kind: 'gcp.disable-secret-version',
  subjectTypes: ['secret'],
  reversible: true,
  plan(i) {
    if (i.subject.source !== 'gcp' || i.subject.type !== 'secret') return [];
    if (!['deactivate-credential', 'decommission-identity'].includes(i.action)) return [];
    const project = i.subject.container ?? '';
    return list(i.props.enabledVersions).map(
      (version): PlannedRevocation => ({
        kind: 'gcp.disable-secret-version',
        summary: `disable version ${version} of Secret Manager secret ${i.subject.name ?? i.subject.id} in project ${project}`,
        container: project,
        calls: [{ api: DISABLE, target: { name: `${i.subject.id}/versions/${version}` } }],
        reversible: true,
        undo: ENABLE,
        params: { project, name: `${i.subject.id}/versions/${version}` },
      }),
    );
  },
  async check(p, ctx) {
    const sm = await versionsFor(ctx.config);
    const r = await call(GET, () => sm.get({ name: p.name }));
    if (!r) return { stillThere: false, state: { exists: false }, detail: 'the version no longer exists' };
    const state = r.data.state ?? null;
    return { stillThere: state === 'ENABLED', state: { exists: true, state }, detail: state === 'ENABLED' ? 'enabled' : `the version is already ${state}` };
  },
  async execute(p, ctx) {
    const sm = await versionsFor(ctx.config);
    if ((await call(DISABLE, () => sm.disable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(DISABLE, 404, 'the version no longer exists', true);
  },
  async undo(p, ctx) {
    const sm = await versionsFor(ctx.config);
    if ((await call(ENABLE, () => sm.enable({ name: p.name, requestBody: {} }))) === null) throw new ActionCallError(ENABLE, 404, 'the version no longer exists');
    return [{ api: ENABLE, target: { name: p.name! } }];
  },
};
