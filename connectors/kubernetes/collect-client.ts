// The Kubernetes client for one kubeconfig context, with what every call
// needs: a request count, retries on throttling and server errors (honouring
// Retry-After), and errors that say which list call failed and how, never
// what a response carried.
import {
  ApiException, CoreV1Api, KubeConfig, Observable, RbacAuthorizationV1Api,
  type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext,
} from '@kubernetes/client-node';
import { SourceError } from '../../src/util/errors.js';
import { redactText } from '../../src/util/redact.js';

export interface ClusterClient {
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
  counter: { requests: number };
}

/** Retry budget per call: 429 and 5xx answers, and connections reset mid-call. */
const ATTEMPTS = 6;
const MAX_WAIT_MS = 30_000;
/** One call's answer must arrive within this (a page of 500 pods is well under a second). */
export const DEFAULT_TIMEOUT_MS = 60_000;

export function clusterClient(kubeconfig: string | undefined, context: string, counter: { requests: number }): ClusterClient {
  const kc = new KubeConfig();
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new SourceError('kubernetes', `cannot read the kubeconfig: ${(e as Error).name}`, { file: kubeconfig ?? '$KUBECONFIG or ~/.kube/config' }, { cause: e });
  }
  if (!kc.getContextObject(context)) {
    throw new SourceError('kubernetes', `the kubeconfig has no context named ${JSON.stringify(context)}`, { file: kubeconfig ?? '$KUBECONFIG or ~/.kube/config' });
  }
  kc.setCurrentContext(context);
  return { core: kc.makeApiClient(CoreV1Api), rbac: kc.makeApiClient(RbacAuthorizationV1Api), counter };
}

/** Per-call options: count the request, and ask for metadata only when the values must not travel. */
export function callOptions(counter: { requests: number }, metadataOnly = false, timeoutMs = DEFAULT_TIMEOUT_MS): ConfigurationOptions<ObservableMiddleware> {
  const middleware: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      counter.requests++;
      // A server that never answers must not hold the scan: the call fails (and is retried) instead.
      ctx.setSignal(AbortSignal.timeout(timeoutMs));
      // The API server strips everything but metadata before it answers (PartialObjectMetadataList).
      if (metadataOnly) ctx.setHeaderParam('Accept', 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
      return new Observable(Promise.resolve(ctx));
    },
    post: (r: ResponseContext) => new Observable(Promise.resolve(r)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

function retryAfterMs(e: ApiException<unknown>, attempt: number): number {
  const header = e.headers?.['retry-after'] ?? e.headers?.['Retry-After'];
  const seconds = header === undefined ? NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
  return Math.min(250 * 2 ** attempt, MAX_WAIT_MS);
}

const retryable = (code: number) => code === 429 || code === 500 || code === 502 || code === 503 || code === 504;

/** One API call with retries; a final failure names the call and the status. */
export async function call<T>(api: string, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ApiException) {
        if (retryable(e.code) && attempt + 1 < ATTEMPTS) {
          await new Promise((r) => setTimeout(r, retryAfterMs(e, attempt)));
          continue;
        }
        // The Status reason is one CamelCase word (Forbidden, NotFound); the body and message are never quoted.
        const reason = statusReason(e.body);
        throw new SourceError('kubernetes', `the API answered ${e.code}${reason ? ` (${reason})` : ''}`, { api, status: e.code });
      }
      const code = (e as NodeJS.ErrnoException).code;
      // Only the request timeout aborts a call; the fetch library reports it as an AbortError.
      const aborted = (x: unknown) => ['TimeoutError', 'AbortError'].includes((x as Error | undefined)?.name ?? '');
      const timedOut = aborted(e) || aborted((e as { cause?: unknown }).cause);
      if ((code === 'ECONNRESET' || code === 'EPIPE' || timedOut) && attempt + 1 < ATTEMPTS) continue;
      if (timedOut) throw new SourceError('kubernetes', `no answer within the request timeout, ${ATTEMPTS} times`, { api }, { cause: e });
      throw new SourceError('kubernetes', `the call failed: ${code ?? failureText(e)}`, { api }, { cause: e });
    }
  }
}

function statusReason(body: unknown): string | null {
  let o = body;
  if (typeof o === 'string') {
    try {
      o = JSON.parse(o);
    } catch {
      return null;
    }
  }
  const reason = o && typeof o === 'object' ? (o as Record<string, unknown>).reason : undefined;
  return typeof reason === 'string' && /^[A-Za-z]{1,40}$/.test(reason) ? reason : null;
}

/** A client-side failure (TLS, connection, kubeconfig auth) in one line, with anything secret-shaped redacted. */
export function failureText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return redactText(m.split('\n')[0]!.slice(0, 200)) || 'error';
}
