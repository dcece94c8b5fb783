// The HTTP side of AI provider actions: one admin API request with the
// organization's admin key from the config's environment variable (never
// the snapshot's anything), 429 and 5xx retried a few times, every failure
// an ActionCallError naming the call and its status, never the key or the
// provider's error text (OpenAI's 401 body quotes the key it was sent).
import { ActionCallError } from '../../src/sources/connector.js';
import type { AiConfig } from './config.js';
import { ANTHROPIC_VERSION, DEFAULT_URLS, type Provider } from './files.js';
import { retryWaitMs } from './http.js';

const RETRIES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AdminTarget {
  provider: Provider;
  baseUrl: string;
  headers: Record<string, string>;
}

/** The organization of a container (`openai/acme`) as the config names it, with its key from the environment. */
export function adminTarget(config: AiConfig | undefined, env: NodeJS.ProcessEnv, container: string, call: string): AdminTarget {
  const slash = container.indexOf('/');
  const provider = container.slice(0, slash) as Provider;
  const org = container.slice(slash + 1);
  const conf = (provider === 'openai' ? config?.openai : provider === 'anthropic' ? config?.anthropic : undefined)?.find((o) => o.org === org);
  if (!conf) throw new ActionCallError(call, undefined, `ai.${provider}: no organization ${org} is configured in driftgraph.yaml`);
  const key = env[conf.adminKeyEnv];
  if (!key) throw new ActionCallError(call, undefined, `the environment variable ${conf.adminKeyEnv} (ai.${provider} adminKeyEnv of ${org}) is not set`);
  const headers: Record<string, string> =
    provider === 'openai' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION };
  return { provider, baseUrl: (conf.baseUrl ?? DEFAULT_URLS[provider]).replace(/\/+$/, ''), headers };
}

export interface AdminAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/** One request. 404 is returned (the caller decides: already gone); other failures throw. */
export async function adminRequest(t: AdminTarget, method: string, path: string, call: string, body?: unknown): Promise<AdminAnswer> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${t.baseUrl}${path}`, {
        method,
        headers: { ...t.headers, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      if (attempt < RETRIES) continue;
      throw new ActionCallError(call, undefined, 'no answer');
    }
    if ((res.status === 429 || res.status >= 500) && attempt < RETRIES) {
      await res.body?.cancel();
      await sleep(retryWaitMs(res.headers) ?? 200 * (attempt + 1));
      continue;
    }
    if (res.ok || res.status === 404) {
      const json = (await res.json().catch(() => null)) as unknown;
      return { status: res.status, body: json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null };
    }
    await res.body?.cancel();
    throw new ActionCallError(call, res.status, res.status === 401 || res.status === 403 ? 'the admin API key was refused' : 'request failed');
  }
}
