// The files of `ai/openai/<org>/` and `ai/anthropic/<org>/`
// (docs/sources/ai.md), named once so the reader and the live collector read
// and write the same paths. A container is `<provider>/<org>`: the folder
// below `ai/`, so the scan's per-container bookkeeping finds its files.
export const PROVIDERS = ['openai', 'anthropic'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const OPENAI_FILES = {
  users: 'users.json',
  adminApiKeys: 'admin-api-keys.json',
  projects: 'projects.json',
  projectApiKeysDir: 'project-api-keys',
  projectServiceAccountsDir: 'project-service-accounts',
} as const;

export const ANTHROPIC_FILES = {
  users: 'users.json',
  apiKeys: 'api-keys.json',
  workspaces: 'workspaces.json',
  workspaceMembersDir: 'workspace-members',
} as const;

/** `ai/<container>/<name>`: how errors and warnings name a file. */
export const aiFile = (container: string, name: string) => `ai/${container}/${name}`;

/** The provider of a container (`openai/acme` -> `openai`). */
export const providerOf = (container: string): Provider => container.slice(0, container.indexOf('/')) as Provider;

/** Each provider's public API. */
export const DEFAULT_URLS: Record<Provider, string> = {
  openai: 'https://api.openai.com',
  anthropic: 'https://api.anthropic.com',
};

/** The Anthropic API version the admin endpoints are read (and remediations written) with. */
export const ANTHROPIC_VERSION = '2023-06-01';
