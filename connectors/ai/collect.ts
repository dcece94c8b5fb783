// Live OpenAI and Anthropic admin APIs -> `<outDir>/ai/<provider>/<org>/`
// for every configured organization. Each organization is one container,
// written into a side folder and moved into place only when complete, so a
// refused key or a call that keeps failing fails that organization alone.
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectContext, CollectResult } from '../../src/sources/connector.js';
import { errorMessage, SourceError } from '../../src/util/errors.js';
import { collectAnthropicOrg, collectOpenAiOrg } from './collect-orgs.js';
import type { AiConfig, AiOrgConfig } from './config.js';
import { ANTHROPIC_VERSION, DEFAULT_URLS, type Provider } from './files.js';
import { AdminApi } from './http.js';

function apiFor(provider: Provider, org: AiOrgConfig, config: AiConfig, key: string): AdminApi {
  const common = {
    baseUrl: org.baseUrl ?? DEFAULT_URLS[provider],
    pageSize: config.pageSize ?? 100,
    concurrency: config.concurrency ?? 4,
    maxRetries: config.maxRetries ?? 5,
  };
  return provider === 'openai'
    ? new AdminApi({ ...common, label: 'OpenAI', cursorParam: 'after', headers: { authorization: `Bearer ${key}` } })
    : new AdminApi({
        ...common,
        label: 'Anthropic',
        cursorParam: 'after_id',
        headers: { 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION },
      });
}

export async function collectAi(outDir: string, ctx: CollectContext<AiConfig>, env: NodeJS.ProcessEnv = process.env): Promise<CollectResult> {
  const config = ctx.config ?? {};
  const orgs: [Provider, AiOrgConfig][] = [
    ...(config.openai ?? []).map((o): [Provider, AiOrgConfig] => ['openai', o]),
    ...(config.anthropic ?? []).map((o): [Provider, AiOrgConfig] => ['anthropic', o]),
  ];
  if (!orgs.length) throw new SourceError('ai', 'config ai.openai and ai.anthropic list no organization to collect');
  const out: CollectResult = { containers: [], failed: [], warnings: [], requests: 0 };
  for (const [provider, org] of orgs) {
    const container = `${provider}/${org.org}`;
    const root = join(outDir, 'ai', provider);
    await mkdir(root, { recursive: true });
    const partial = join(root, `.${org.org}.partial`);
    await rm(partial, { recursive: true, force: true });
    const step = (m: string) => ctx.progress.step(`ai: ${container}: ${m}`);
    let api: AdminApi | null = null;
    try {
      const key = env[org.adminKeyEnv];
      if (!key) throw new SourceError('ai', `environment variable ${org.adminKeyEnv} (ai.${provider} adminKeyEnv) is not set`);
      api = apiFor(provider, org, config, key);
      await (provider === 'openai' ? collectOpenAiOrg : collectAnthropicOrg)(api, partial, step);
      await rm(join(root, org.org), { recursive: true, force: true });
      await rename(partial, join(root, org.org));
      out.containers.push(container);
      step(`collected in ${api.requests} calls`);
    } catch (e) {
      await rm(partial, { recursive: true, force: true });
      out.failed.push({ container, error: errorMessage(e) });
      step(`FAILED: ${errorMessage(e)}`);
    } finally {
      out.requests! += api?.requests ?? 0;
    }
  }
  return out;
}
