// The HTTP side of SCIM actions: one request with the app's bearer token,
// 429 and 5xx retried a few times (Retry-After honoured), every failure an
// ActionCallError naming the call and its status, never the token.
import { ActionCallError } from '../../src/sources/connector.js';
import type { ScimConfig } from './config.js';
import { retryAfterMs } from './client.js';

const RETRIES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScimTarget {
  baseUrl: string;
  token: string;
}

/** The app's base URL and token from `scim.apps.<app>` and its tokenEnv: the snapshot's copy is never trusted for writes. */
export function scimTarget(config: ScimConfig | undefined, env: NodeJS.ProcessEnv, app: string, call: string): ScimTarget {
  const conf = config?.apps?.[app];
  if (!conf?.baseUrl) throw new ActionCallError(call, undefined, `scim.apps.${app}.baseUrl is not configured in driftgraph.yaml`);
  if (!conf.tokenEnv) throw new ActionCallError(call, undefined, `scim.apps.${app}.tokenEnv is not configured in driftgraph.yaml`);
  const token = env[conf.tokenEnv];
  if (!token) throw new ActionCallError(call, undefined, `the environment variable ${conf.tokenEnv} (scim.apps.${app}.tokenEnv) is not set`);
  return { baseUrl: conf.baseUrl.replace(/\/+$/, ''), token };
}

export interface ScimAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

/** One SCIM request. 404 is returned (the caller decides: already gone); other failures throw. */
export async function scimRequest(t: ScimTarget, method: string, path: string, call: string, body?: unknown): Promise<ScimAnswer> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${t.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${t.token}`,
          Accept: 'application/scim+json, application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      if (attempt < RETRIES) continue;
      throw new ActionCallError(call, undefined, `no answer (${(e as Error).message})`);
    }
    if ((res.status === 429 || res.status >= 500) && attempt < RETRIES) {
      await res.body?.cancel();
      await sleep(res.status === 429 ? retryAfterMs(res.headers.get('retry-after')) : 200 * (attempt + 1));
      continue;
    }
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    if (res.ok || res.status === 404) return { status: res.status, body: json };
    // An app's error text is its own: cut short, and never allowed to carry the token back out.
    const detail = typeof json?.detail === 'string' ? json.detail.split(t.token).join('[redacted]').slice(0, 200) : 'request failed';
    throw new ActionCallError(call, res.status, res.status === 401 || res.status === 403 ? 'the token was refused' : detail);
  }
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
