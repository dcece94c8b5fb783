// What the reader keeps of each provider's admin API objects: identifiers,
// names, roles and times. Key values, `redacted_value` and
// `partial_key_hint` are never read (the key id identifies a key).

export interface OpenAiUser {
  id: string;
  email: string | null;
  name: string | null;
  /** `owner` or `reader`. */
  role: string | null;
  addedAt: string | null;
}

/** `owner` of an admin key or a project key. */
export interface OpenAiKeyOwner {
  type: 'user' | 'service_account' | null;
  id: string | null;
  name: string | null;
  /** The owning user's email, when the API embeds it (project keys do). */
  email: string | null;
  role: string | null;
}

export interface OpenAiKey {
  id: string;
  name: string | null;
  createdAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  owner: OpenAiKeyOwner;
  path: string;
}

export interface OpenAiProject {
  id: string;
  name: string | null;
  /** `active` or `archived`. */
  status: string | null;
  createdAt: string | null;
  archivedAt: string | null;
}

export interface OpenAiServiceAccount {
  id: string;
  name: string | null;
  /** `owner` or `member` of the project. */
  role: string | null;
  createdAt: string | null;
}

export interface OpenAiSnapshot {
  org: string;
  users: OpenAiUser[];
  /** null when admin-api-keys.json is absent. */
  adminKeys: OpenAiKey[] | null;
  projects: OpenAiProject[];
  /** project id -> its API keys. */
  projectKeys: Map<string, OpenAiKey[]>;
  /** project id -> its service accounts. */
  serviceAccounts: Map<string, OpenAiServiceAccount[]>;
  warnings: string[];
}

export interface AnthropicUser {
  id: string;
  email: string | null;
  name: string | null;
  /** `user`, `developer`, `billing`, `admin`, `claude_code_user`. */
  role: string | null;
  addedAt: string | null;
}

export interface AnthropicKey {
  id: string;
  name: string | null;
  /** null: the default workspace. */
  workspaceId: string | null;
  createdAt: string | null;
  createdById: string | null;
  createdByType: string | null;
  /** `active`, `inactive`, `archived`, `expired`. */
  status: string | null;
  expiresAt: string | null;
}

export interface AnthropicWorkspace {
  id: string;
  name: string | null;
  createdAt: string | null;
  archivedAt: string | null;
}

export interface AnthropicMember {
  userId: string;
  workspaceId: string;
  /** `workspace_user`, `workspace_developer`, `workspace_admin`, `workspace_billing`. */
  role: string | null;
}

export interface AnthropicSnapshot {
  org: string;
  users: AnthropicUser[];
  apiKeys: AnthropicKey[];
  workspaces: AnthropicWorkspace[];
  /** workspace id -> its members. */
  members: Map<string, AnthropicMember[]>;
  warnings: string[];
}
