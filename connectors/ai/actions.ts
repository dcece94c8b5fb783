// What driftgraph can revoke at the AI providers, through their admin APIs:
// remove a leaver from an organization (OpenAI and Anthropic; cannot be
// undone: the person must be invited again), set an Anthropic API key
// inactive (undo: active again), and delete an OpenAI key (OpenAI keys
// cannot be paused; cannot be undone). Each reads the live state first.
import { ActionCallError, type RemediationInput, type RevocationAction } from '../../src/sources/connector.js';
import type { AiConfig } from './config.js';
import { adminRequest, adminTarget } from './actions-http.js';
import { ANTHROPIC_TYPES } from './map-anthropic.js';
import { OPENAI_TYPES } from './map-openai.js';

const seg = encodeURIComponent;
const mine = (i: RemediationInput, ...types: string[]) => i.subject.source === 'ai' && types.includes(i.subject.type);

/** The member's path in its provider's admin API. */
const memberPath = (container: string, id: string) =>
  container.startsWith('openai/') ? `/v1/organization/users/${seg(id)}` : `/v1/organizations/users/${seg(id)}`;

const removeMember: RevocationAction<AiConfig> = {
  kind: 'ai.remove-member',
  subjectTypes: [OPENAI_TYPES.user, ANTHROPIC_TYPES.user],
  reversible: false,
  plan(i) {
    if (!mine(i, OPENAI_TYPES.user, ANTHROPIC_TYPES.user) || i.action !== 'disable-account') return [];
    const org = i.subject.container ?? '';
    const api = org.startsWith('openai/') ? 'OpenAI DELETE /v1/organization/users/{user_id}' : 'Anthropic DELETE /v1/organizations/users/{user_id}';
    return [
      {
        kind: 'ai.remove-member',
        summary: `remove ${i.subject.name ?? i.subject.id} from the AI provider organization ${org}`,
        container: org,
        calls: [{ api, target: { organization: org, userId: i.subject.id } }],
        reversible: false,
        params: { org, userId: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const call = 'GET user';
    const r = await adminRequest(adminTarget(ctx.config, ctx.env, p.org!, call), 'GET', memberPath(p.org!, p.userId!), call);
    if (r.status === 404) return { stillThere: false, state: { member: false }, detail: 'no longer a member of the organization' };
    return { stillThere: true, state: { member: true, role: typeof r.body?.role === 'string' ? r.body.role : null }, detail: 'a member' };
  },
  async execute(p, ctx) {
    const call = 'DELETE user';
    const r = await adminRequest(adminTarget(ctx.config, ctx.env, p.org!, call), 'DELETE', memberPath(p.org!, p.userId!), call);
    if (r.status === 404) throw new ActionCallError(call, 404, 'no longer a member', true);
  },
};

const KEY_CALL = 'Anthropic POST /v1/organizations/api_keys/{api_key_id}';

async function setKeyStatus(p: Record<string, string>, ctx: Parameters<RevocationAction<AiConfig>['execute']>[1], status: 'active' | 'inactive'): Promise<void> {
  const t = adminTarget(ctx.config, ctx.env, p.org!, KEY_CALL);
  const r = await adminRequest(t, 'POST', `/v1/organizations/api_keys/${seg(p.keyId!)}`, KEY_CALL, { status });
  if (r.status === 404) throw new ActionCallError(KEY_CALL, 404, 'the key no longer exists', status === 'inactive');
}

const deactivateAnthropicKey: RevocationAction<AiConfig> = {
  kind: 'ai.deactivate-anthropic-key',
  subjectTypes: [ANTHROPIC_TYPES.apiKey],
  reversible: true,
  plan(i) {
    if (!mine(i, ANTHROPIC_TYPES.apiKey) || !['deactivate-credential', 'decommission-identity'].includes(i.action)) return [];
    const org = i.subject.container ?? '';
    return [
      {
        kind: 'ai.deactivate-anthropic-key',
        summary: `set Anthropic API key ${i.subject.id} (${i.subject.name ?? ''}) inactive in ${org}`,
        container: org,
        calls: [{ api: KEY_CALL, target: { organization: org, keyId: i.subject.id, status: 'inactive' } }],
        reversible: true,
        undo: `${KEY_CALL} status=active`,
        params: { org, keyId: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const call = 'Anthropic GET /v1/organizations/api_keys/{api_key_id}';
    const r = await adminRequest(adminTarget(ctx.config, ctx.env, p.org!, call), 'GET', `/v1/organizations/api_keys/${seg(p.keyId!)}`, call);
    if (r.status === 404) return { stillThere: false, state: { exists: false }, detail: 'the key no longer exists' };
    const status = typeof r.body?.status === 'string' ? r.body.status : null;
    return { stillThere: status === 'active', state: { exists: true, status }, detail: status === 'active' ? 'active' : `the key is already ${status ?? 'not active'}` };
  },
  execute: (p, ctx) => setKeyStatus(p, ctx, 'inactive'),
  async undo(p, ctx) {
    await setKeyStatus(p, ctx, 'active');
    return [{ api: KEY_CALL, target: { organization: p.org!, keyId: p.keyId!, status: 'active' } }];
  },
};

/** An OpenAI key's path: a project key under its project, an admin key under the organization. */
const openAiKeyPath = (p: Record<string, string>) =>
  p.projectId ? `/v1/organization/projects/${seg(p.projectId)}/api_keys/${seg(p.keyId!)}` : `/v1/organization/admin_api_keys/${seg(p.keyId!)}`;

const deleteOpenAiKey: RevocationAction<AiConfig> = {
  kind: 'ai.delete-openai-key',
  subjectTypes: [OPENAI_TYPES.projectKey, OPENAI_TYPES.adminKey],
  reversible: false,
  plan(i) {
    if (!mine(i, OPENAI_TYPES.projectKey, OPENAI_TYPES.adminKey) || i.action !== 'deactivate-credential') return [];
    const org = i.subject.container ?? '';
    const projectId = i.subject.type === OPENAI_TYPES.projectKey && typeof i.props.projectId === 'string' ? i.props.projectId : null;
    if (i.subject.type === OPENAI_TYPES.projectKey && !projectId) return [];
    const api = projectId ? 'OpenAI DELETE /v1/organization/projects/{project_id}/api_keys/{key_id}' : 'OpenAI DELETE /v1/organization/admin_api_keys/{key_id}';
    return [
      {
        kind: 'ai.delete-openai-key',
        summary: `delete OpenAI ${projectId ? `project ${projectId} API` : 'admin API'} key ${i.subject.id} (${i.subject.name ?? ''}) in ${org}`,
        container: org,
        calls: [{ api, target: { organization: org, keyId: i.subject.id, ...(projectId ? { projectId } : {}) } }],
        reversible: false,
        params: { org, keyId: i.subject.id, ...(projectId ? { projectId } : {}) },
      },
    ];
  },
  async check(p, ctx) {
    const call = 'OpenAI GET key';
    const r = await adminRequest(adminTarget(ctx.config, ctx.env, p.org!, call), 'GET', openAiKeyPath(p), call);
    if (r.status === 404) return { stillThere: false, state: { exists: false }, detail: 'the key no longer exists' };
    return { stillThere: true, state: { exists: true }, detail: 'the key exists' };
  },
  async execute(p, ctx) {
    const call = 'OpenAI DELETE key';
    const r = await adminRequest(adminTarget(ctx.config, ctx.env, p.org!, call), 'DELETE', openAiKeyPath(p), call);
    if (r.status === 404) throw new ActionCallError(call, 404, 'the key no longer exists', true);
  },
};

export const aiRevocations: RevocationAction<AiConfig>[] = [removeMember, deactivateAnthropicKey, deleteOpenAiKey];
