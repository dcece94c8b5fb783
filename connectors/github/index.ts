// The GitHub connector: `<snapshot>/github/<org>/` folders -> graph records,
// and (through collect.ts, loaded on demand) the live REST and GraphQL APIs ->
// such folders. An org whose files cannot be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { listContainerFolders, loadContainerFolders } from '../lib/folders.js';
import { githubConfigSchema, type GithubConfig } from './config.js';
import { mapOrg } from './map.js';
import { readOrgSnapshot } from './read-org.js';
import { githubRemediations } from './remediation.js';
import { githubRevocations } from './actions.js';
import { FILES } from './files.js';

export async function loadGithubSnapshot(ctx: LoadContext<GithubConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'github');
  const listing = await listContainerFolders(ctx.snapshotDir, 'github', 'an org');
  // Each org is read and mapped completely before anything of it is kept.
  return loadContainerFolders('github', listing, async (org) => mapOrg(await readOrgSnapshot(dir, org, ctx.shared.maxBadEventShare)), ctx);
}

export const githubConnector: Connector<GithubConfig> = {
  source: 'github',
  label: 'GitHub',
  hasContainers: true,
  /** Files whose disappearance after an earlier scan leaves this container's data unknown (src/scan/tracked-files.ts). */
  trackedFiles: Object.values(FILES),
  // An org maps from its own folder and the config alone, never from the scan's now.
  skipsUnchanged: true,
  subjectTypes: [
    { type: 'user', label: 'Identity', words: 'user' },
    { type: 'app-installation', label: 'Identity', words: 'App installation' },
    { type: 'team', label: 'Entitlement', words: 'team' },
    { type: 'deploy-key', label: 'Credential', words: 'deploy key' },
    { type: 'personal-access-token', label: 'Credential', words: 'fine-grained personal access token' },
    { type: 'credential-authorization', label: 'Credential', words: 'SAML-authorized credential' },
    { type: 'secret', label: 'Credential', words: 'Actions secret' },
  ],
  configSchema: githubConfigSchema,
  loadSnapshot: loadGithubSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs Octokit.
    const { collectGithub } = await import('./collect.js');
    return collectGithub(outDir, ctx);
  },
  remediations: githubRemediations,
  revocations: githubRevocations,
};
