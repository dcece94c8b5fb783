// Small OpenAI and Anthropic organizations in the admin APIs' own shapes (the
// objects of their API references' list examples), for the live and scan
// tests. `planted` goes where the APIs echo key material (`redacted_value`,
// `partial_key_hint`, the create-only `value`) and, to be sure, into every
// name a person can type, as if someone pasted a key there.
import type { AnthropicOrgData, OpenAiOrgData } from '../servers/ai-server.js';

export const secs = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function openAiOrg(planted = 'sk-proj-EXAMPLEonlyNOTaKEY0000000000'): OpenAiOrgData {
  const user = (id: string, email: string, role: string) => ({
    object: 'organization.user', id, name: `${id} ${planted}`, email, role, added_at: secs('2025-01-02T03:04:05Z'),
  });
  const users = [user('user-ana', 'ana@example.com', 'owner'), user('user-leo', 'leo@example.com', 'reader'), user('user-tmp', 'temp@vendor.example', 'reader')];
  const projectKey = (id: string, owner: Record<string, unknown>, created: string, lastUsed: string | null) => ({
    object: 'organization.project.api_key', redacted_value: `${planted.slice(0, 8)}...${planted.slice(-4)}`, value: planted, name: `${id} ${planted}`,
    created_at: secs(created), last_used_at: lastUsed ? secs(lastUsed) : null, id, owner, extra_echo: planted,
  });
  const ownerUser = (id: string, email: string) => ({ type: 'user', user: { object: 'organization.project.user', id, name: `n ${planted}`, email, role: 'member', added_at: secs('2025-01-02T03:04:05Z') } });
  const ownerSa = (id: string) => ({ type: 'service_account', service_account: { object: 'organization.project.service_account', id, name: `sa ${planted}`, role: 'member', created_at: secs('2025-02-01T00:00:00Z') } });
  return {
    users,
    adminKeys: [
      {
        object: 'organization.admin_api_key', id: 'key_admin_1', name: `Administration Key ${planted}`, redacted_value: `${planted.slice(0, 9)}...def`, value: planted,
        created_at: secs('2026-01-01T00:00:00Z'), last_used_at: secs('2026-11-19T00:00:00Z'),
        owner: { type: 'user', object: 'organization.user', id: 'user-ana', name: `Ana ${planted}`, created_at: secs('2025-01-02T03:04:05Z'), role: 'owner' },
      },
    ],
    projects: [
      { object: 'organization.project', id: 'proj_a', name: `Project A ${planted}`, created_at: secs('2025-01-01T00:00:00Z'), archived_at: null, status: 'active' },
      { object: 'organization.project', id: 'proj_old', name: 'Old', created_at: secs('2025-01-01T00:00:00Z'), archived_at: secs('2025-06-01T00:00:00Z'), status: 'archived' },
    ],
    projectKeys: {
      proj_a: [
        projectKey('key_leo', ownerUser('user-leo', 'leo@example.com'), '2026-10-01T00:00:00Z', '2026-11-18T00:00:00Z'),
        projectKey('key_leo_stale', ownerUser('user-leo', 'leo@example.com'), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'),
        projectKey('key_gone', ownerUser('user-gone', 'gone@example.com'), '2026-10-05T00:00:00Z', null),
        projectKey('key_sa', ownerSa('svc_acct_a'), '2026-10-10T00:00:00Z', '2026-11-19T00:00:00Z'),
        projectKey('key_sa_b', ownerSa('svc_acct_b'), '2026-10-10T00:00:00Z', '2026-11-19T00:00:00Z'),
      ],
      proj_old: [projectKey('key_old', ownerSa('svc_acct_old'), '2025-01-05T00:00:00Z', null)],
    },
    serviceAccounts: {
      proj_a: [
        { object: 'organization.project.service_account', id: 'svc_acct_a', name: `bot ${planted}`, role: 'owner', created_at: secs('2025-02-01T00:00:00Z') },
        { object: 'organization.project.service_account', id: 'svc_acct_b', name: 'bot b', role: 'member', created_at: secs('2025-02-01T00:00:00Z') },
      ],
      proj_old: [{ object: 'organization.project.service_account', id: 'svc_acct_old', name: 'old bot', role: 'member', created_at: secs('2025-01-05T00:00:00Z') }],
    },
  };
}

export function anthropicOrg(planted = 'sk-ant-api03-EXAMPLEonlyNOTaKEY00000000000000'): AnthropicOrgData {
  const user = (id: string, email: string, role: string) => ({ type: 'user', id, email, name: `${id} ${planted}`, role, added_at: '2025-03-04T05:06:07.123456Z' });
  const key = (id: string, by: string, created: string, status = 'active', workspace: string | null = 'wrkspc_a') => ({
    type: 'api_key', id, name: `${id} ${planted}`, workspace_id: workspace, created_at: created, created_by: { id: by, type: 'user' },
    partial_key_hint: `${planted.slice(0, 17)}...${planted.slice(-4)}`, status, extra_echo: planted,
  });
  return {
    users: [user('user_ana', 'ana@example.com', 'admin'), user('user_leo', 'leo@example.com', 'developer'), user('user_max', 'max@example.com', 'user')],
    apiKeys: [
      key('apikey_ana', 'user_ana', '2026-10-30T23:58:27.427722Z'),
      key('apikey_leo', 'user_leo', '2026-05-01T00:00:00Z'),
      key('apikey_gone', 'user_gone', '2026-10-01T00:00:00Z'),
      key('apikey_off', 'user_gone', '2026-10-01T00:00:00Z', 'inactive'),
      key('apikey_default', 'user_max', '2026-10-01T00:00:00Z', 'active', null),
    ],
    workspaces: [
      { type: 'workspace', id: 'wrkspc_a', name: `Research ${planted}`, created_at: '2025-03-04T05:06:07Z', archived_at: null, display_color: '#6C5BB9' },
      { type: 'workspace', id: 'wrkspc_b', name: 'Empty', created_at: '2025-03-04T05:06:07Z', archived_at: null, display_color: '#DB6B5E' },
    ],
    members: {
      wrkspc_a: [
        { type: 'workspace_member', user_id: 'user_ana', workspace_id: 'wrkspc_a', workspace_role: 'workspace_admin' },
        { type: 'workspace_member', user_id: 'user_leo', workspace_id: 'wrkspc_a', workspace_role: 'workspace_developer' },
        { type: 'workspace_member', user_id: 'user_max', workspace_id: 'wrkspc_a', workspace_role: 'workspace_user' },
      ],
      wrkspc_b: [],
    },
  };
}
