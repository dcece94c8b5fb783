// One Octokit per org: REST with the throttling plugin (honours retry-after
// on secondary rate limits, waits for the reset on primary ones) and the
// retry plugin (5xx), authenticated by GITHUB_TOKEN or as a GitHub App
// installation. Conditional GETs go through the org's EtagCache.
import { readFile } from 'node:fs/promises';
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import { createAppAuth } from '@octokit/auth-app';
import { SourceError } from '../../src/util/errors.js';
import type { GithubConfig } from './config.js';
import type { EtagCache } from './etag-cache.js';

const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** Test and benchmark knobs: how long "one second" of back-off is. */
export interface ClientTuning {
  retryAfterBaseValue?: number;
  retries?: number;
}

export interface ClientOptions {
  config: GithubConfig;
  warn: (message: string) => void;
  tuning?: ClientTuning;
  env?: NodeJS.ProcessEnv;
}

function baseOptions(o: ClientOptions) {
  const base = o.tuning?.retryAfterBaseValue ?? 1000;
  return {
    baseUrl: o.config.baseUrl ?? 'https://api.github.com',
    userAgent: 'driftgraph',
    log: { debug() {}, info() {}, warn() {}, error() {} },
    // Retries belong to the retry plugin's own state: a per-request `request.retries`
    // would make it retry every failed answer (304, 404) too.
    retry: { retryAfterBaseValue: base, retries: o.tuning?.retries ?? 3 },
    throttle: {
      retryAfterBaseValue: base,
      onRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
        o.warn(`rate limit reached on ${options.method} ${options.url}; waiting ${after}s for the reset`);
        return count < 2;
      },
      onSecondaryRateLimit: (after: number, options: { method: string; url: string }, _o: unknown, count: number) => {
        o.warn(`secondary rate limit on ${options.method} ${options.url}; retrying after ${after}s`);
        return count < 3;
      },
    },
  };
}

async function appPrivateKey(o: ClientOptions): Promise<string> {
  const app = o.config.app!;
  if (app.privateKeyFile) return readFile(app.privateKeyFile, 'utf8');
  const env = (o.env ?? process.env).GITHUB_APP_PRIVATE_KEY;
  if (!env) throw new SourceError('github', 'github.app needs privateKeyFile or the GITHUB_APP_PRIVATE_KEY environment variable');
  return env.includes('\\n') ? env.replace(/\\n/g, '\n') : env;
}

/** The client for one org: an App installation token when `github.app` is set, else GITHUB_TOKEN. */
export async function clientFor(org: string, o: ClientOptions): Promise<GithubClient> {
  if (o.config.app) {
    const appId = Number(o.config.app.appId);
    const privateKey = await appPrivateKey(o);
    let installationId = o.config.app.installations?.[org];
    if (!installationId) {
      // The App's own JWT finds its installation on this org.
      const asApp = new GithubOctokit({ ...baseOptions(o), authStrategy: createAppAuth, auth: { appId, privateKey } });
      const { data } = await asApp.request('GET /orgs/{org}/installation', { org });
      installationId = data.id;
    }
    return new GithubOctokit({ ...baseOptions(o), authStrategy: createAppAuth, auth: { appId, privateKey, installationId } });
  }
  const token = (o.env ?? process.env).GITHUB_TOKEN ?? (o.env ?? process.env).GH_TOKEN;
  if (!token) throw new SourceError('github', 'no credentials: set GITHUB_TOKEN (or configure github.app)');
  return new GithubOctokit({ ...baseOptions(o), auth: token });
}

/**
 * Fields that hold part of a secret (an authorization's `token_last_eight`)
 * are dropped from every answer before it is cached, written or returned.
 */
function scrub(data: unknown): unknown {
  if (Array.isArray(data)) for (const row of data) if (row && typeof row === 'object') delete (row as Record<string, unknown>).token_last_eight;
  return data;
}

/** Counts requests and makes every GET conditional through the cache. */
export function useCache(client: GithubClient, cache: EtagCache, counter: { requests: number }): void {
  client.hook.wrap('request', async (request, options) => {
    counter.requests++;
    if (options.method !== 'GET') return request(options);
    const { url } = client.request.endpoint(options as never);
    const key = `GET ${url}`;
    const etag = cache.etagFor(key);
    if (etag) options.headers = { ...options.headers, 'if-none-match': etag };
    try {
      const response = await request(options);
      scrub(response.data);
      cache.store(key, response.headers.etag, response.headers.link, response.data);
      return response;
    } catch (e) {
      const stored = (e as { status?: number }).status === 304 ? cache.reuse(key) : null;
      if (!stored) throw e;
      const headers: Record<string, string> = {};
      if (stored.link) headers.link = stored.link;
      return { status: 200, url, headers, data: stored.data } as never;
    }
  });
}
