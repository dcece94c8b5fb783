// What driftgraph can revoke in a SCIM app (RFC 7644 3.5.2 PATCH):
// deactivate a user (undo: activate) and take a user out of a group (undo:
// put them back). Both reversible; a user is deactivated, never deleted.
import type { RemediationInput, RevocationAction } from '../../src/sources/connector.js';
import { ActionCallError } from '../../src/sources/connector.js';
import type { ScimConfig } from './config.js';
import { PATCH_OP, scimRequest, scimTarget } from './actions-http.js';

const seg = encodeURIComponent;
const activeOp = (active: boolean) => ({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: active }] });

const USER_CALL = 'SCIM PATCH /Users/{id}';

const deactivateUser: RevocationAction<ScimConfig> = {
  kind: 'scim.deactivate-user',
  subjectTypes: ['user'],
  reversible: true,
  plan(i: RemediationInput) {
    if (i.subject.source !== 'scim' || i.subject.type !== 'user') return [];
    if (!['disable-account', 'link-or-remove-account', 'decommission-identity'].includes(i.action)) return [];
    const app = i.subject.container ?? '';
    return [
      {
        kind: 'scim.deactivate-user',
        summary: `deactivate SCIM user ${i.subject.name ?? i.subject.id} in app ${app}`,
        container: app,
        calls: [{ api: USER_CALL, target: { app, id: i.subject.id, active: 'false' } }],
        reversible: true,
        undo: 'SCIM PATCH /Users/{id} active=true',
        params: { app, userId: i.subject.id },
      },
    ];
  },
  async check(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, 'SCIM GET /Users/{id}');
    const r = await scimRequest(t, 'GET', `/Users/${seg(p.userId!)}`, 'SCIM GET /Users/{id}');
    if (r.status === 404) return { stillThere: false, state: { exists: false }, detail: 'the user no longer exists in the app' };
    const active = r.body?.active !== false;
    return { stillThere: active, state: { exists: true, active }, detail: active ? 'active' : 'the user is already inactive' };
  },
  async execute(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, USER_CALL);
    const r = await scimRequest(t, 'PATCH', `/Users/${seg(p.userId!)}`, USER_CALL, activeOp(false));
    if (r.status === 404) throw new ActionCallError(USER_CALL, 404, 'the user no longer exists', true);
  },
  async undo(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, USER_CALL);
    const r = await scimRequest(t, 'PATCH', `/Users/${seg(p.userId!)}`, USER_CALL, activeOp(true));
    if (r.status === 404) throw new ActionCallError(USER_CALL, 404, 'the user no longer exists: nothing to reactivate');
    return [{ api: USER_CALL, target: { app: p.app!, id: p.userId!, active: 'true' } }];
  },
};

const GROUP_CALL = 'SCIM PATCH /Groups/{id}';

/** The group and user ids behind a display name and a userName, looked up live (RFC 7644 3.4.2.2 filters). */
async function resolveMembership(p: Record<string, string>, t: ReturnType<typeof scimTarget>) {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const groups = await scimRequest(t, 'GET', `/Groups?filter=${seg(`displayName eq ${q(p.group!)}`)}`, 'SCIM GET /Groups?filter');
  const group = (groups.body?.Resources as Record<string, unknown>[] | undefined)?.[0];
  const users = await scimRequest(t, 'GET', `/Users?filter=${seg(`userName eq ${q(p.userName!)}`)}`, 'SCIM GET /Users?filter');
  const user = (users.body?.Resources as Record<string, unknown>[] | undefined)?.[0];
  const members = Array.isArray(group?.members) ? (group!.members as { value?: unknown }[]).map((m) => String(m.value)) : [];
  return { groupId: group ? String(group.id) : null, userId: user ? String(user.id) : null, members };
}

const removeFromGroup: RevocationAction<ScimConfig> = {
  kind: 'scim.remove-group-member',
  subjectTypes: ['person'],
  reversible: true,
  plan(i) {
    if (i.action !== 'remove-entitlement' || i.evidence.entitlementSource !== 'scim' || !i.entitlement) return [];
    const slash = i.entitlement.indexOf('/');
    if (slash < 1) return [];
    const app = i.entitlement.slice(0, slash);
    const group = i.entitlement.slice(slash + 1);
    const names = Array.isArray(i.evidence.viaAccounts) ? i.evidence.viaAccounts.map(String) : [];
    return names.map((userName) => ({
      kind: 'scim.remove-group-member',
      summary: `remove SCIM user ${userName} from group ${group} in app ${app}`,
      container: app,
      calls: [{ api: GROUP_CALL, target: { app, group, member: userName, op: 'remove' } }],
      reversible: true,
      undo: 'SCIM PATCH /Groups/{id} op=add members',
      params: { app, group, userName },
    }));
  },
  async check(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, 'SCIM GET /Groups?filter');
    const m = await resolveMembership(p, t);
    if (!m.groupId || !m.userId) return { stillThere: false, state: { group: m.groupId, user: m.userId }, detail: !m.groupId ? 'the group no longer exists' : 'the user no longer exists' };
    const member = m.members.includes(m.userId);
    return { stillThere: member, state: { group: m.groupId, user: m.userId, member }, detail: member ? 'member' : 'no longer a member of the group' };
  },
  async execute(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, GROUP_CALL);
    const m = await resolveMembership(p, t);
    if (!m.groupId || !m.userId) throw new ActionCallError(GROUP_CALL, 404, 'the group or user no longer exists', true);
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${m.userId}"]` }] };
    const r = await scimRequest(t, 'PATCH', `/Groups/${seg(m.groupId)}`, GROUP_CALL, body);
    if (r.status === 404) throw new ActionCallError(GROUP_CALL, 404, 'the group no longer exists', true);
  },
  async undo(p, ctx) {
    const t = scimTarget(ctx.config, ctx.env, p.app!, GROUP_CALL);
    const m = await resolveMembership(p, t);
    if (!m.groupId || !m.userId) throw new ActionCallError(GROUP_CALL, 404, 'the group or user no longer exists: nothing to add back');
    const body = { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: m.userId }] }] };
    await scimRequest(t, 'PATCH', `/Groups/${seg(m.groupId)}`, GROUP_CALL, body);
    return [{ api: GROUP_CALL, target: { app: p.app!, group: p.group!, member: p.userName!, op: 'add' } }];
  },
};

export const scimRevocations: RevocationAction<ScimConfig>[] = [deactivateUser, removeFromGroup];
