// AI provider keys: `<snapshot>/ai/openai/<org>/` and
// `<snapshot>/ai/anthropic/<org>/` (the providers' admin API list
// responses) -> graph records, and (through collect.ts, loaded on demand)
// the live admin APIs -> such folders. One source for both providers, each
// organization a container (`openai/<org>`, `anthropic/<org>`): they answer
// the same questions (who holds a key to a model, who owns it), share one
// config section, one `--sources ai`, and the findings' frameworks; an org
// whose files cannot be read fails alone.
import { join } from 'node:path';
import type { Connector, LoadContext, SourceLoad } from '../../src/sources/connector.js';
import { loadContainerFolders } from '../lib/folders.js';
import { aiConfigSchema, type AiConfig } from './config.js';
import { providerOf } from './files.js';
import { ANTHROPIC_TYPES, mapAnthropicOrg } from './map-anthropic.js';
import { OPENAI_TYPES, mapOpenAiOrg } from './map-openai.js';
import { listOrgFolders, readAnthropicOrg, readOpenAiOrg } from './read.js';
import { aiRevocations } from './actions.js';
import { aiRemediations } from './remediation.js';

export async function loadAiSnapshot(ctx: LoadContext<AiConfig>): Promise<SourceLoad> {
  const dir = join(ctx.snapshotDir, 'ai');
  return loadContainerFolders(
    'ai',
    await listOrgFolders(dir),
    async (container) =>
      providerOf(container) === 'openai'
        ? mapOpenAiOrg(await readOpenAiOrg(dir, container), container, ctx.now)
        : mapAnthropicOrg(await readAnthropicOrg(dir, container), container, ctx.now),
    ctx,
  );
}

/**
 * NIST AI RMF GOVERN: every finding here is about access to an AI system.
 * GOVERN 1.6 (an inventory of AI systems) and 6.1 (third-party AI risk)
 * hold for all; an NHI with no owner, or one whose owners left, misses
 * GOVERN 2.1 (roles and responsibilities are documented and clear).
 */
const AI_RMF = ['NIST AI RMF GOVERN 1.6', 'NIST AI RMF GOVERN 6.1'];
const AI_RMF_OWNERS = [...AI_RMF, 'NIST AI RMF GOVERN 2.1'];

export const aiConnector: Connector<AiConfig> = {
  source: 'ai',
  label: 'AI provider',
  hasContainers: true,
  subjectTypes: [
    { type: OPENAI_TYPES.user, label: 'Identity', words: 'OpenAI user' },
    { type: OPENAI_TYPES.serviceAccount, label: 'Identity', words: 'OpenAI service account' },
    { type: OPENAI_TYPES.projectKey, label: 'Credential', words: 'OpenAI project API key' },
    { type: OPENAI_TYPES.adminKey, label: 'Credential', words: 'OpenAI admin API key' },
    { type: ANTHROPIC_TYPES.user, label: 'Identity', words: 'Anthropic user' },
    { type: ANTHROPIC_TYPES.apiKey, label: 'Credential', words: 'Anthropic API key' },
    { type: ANTHROPIC_TYPES.workspace, label: 'Entitlement', words: 'Anthropic workspace' },
  ],
  configSchema: aiConfigSchema,
  trackedFiles: ['admin-api-keys.json', 'projects.json', 'api-keys.json', 'workspaces.json'],
  loadSnapshot: loadAiSnapshot,
  async collect(outDir, ctx) {
    // Loaded on demand: an offline scan never needs the HTTP client.
    const { collectAi } = await import('./collect.js');
    return collectAi(outDir, ctx);
  },
  remediations: aiRemediations,
  revocations: aiRevocations,
  findingFrameworks: { '*': AI_RMF, 'orphaned-nhi': AI_RMF_OWNERS, 'leaver-owned-nhi': AI_RMF_OWNERS },
};
