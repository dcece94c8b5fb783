// The Graph client of a live collection: a token from @azure/identity (a
// client secret, a certificate, or a federated token file for workload
// identity federation), the Graph SDK's own middleware (its RetryHandler
// honours 429/503/504 with Retry-After), and a counter of HTTP calls.
import { readFile } from 'node:fs/promises';
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { SourceError } from '../../src/util/errors.js';
import type { EntraConfig } from './config.js';

export type TenantConfig = NonNullable<EntraConfig['tenants']>[number];

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

/** Counts every HTTP call the SDK makes, retries included. */
class CountingHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly counter: { requests: number }) {}
  async execute(context: Context): Promise<void> {
    this.counter.requests++;
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

function credentialFor(t: TenantConfig, config: EntraConfig, env: NodeJS.ProcessEnv): TokenCredential {
  const options = config.authorityHost ? { authorityHost: config.authorityHost, disableInstanceDiscovery: true } : {};
  const ways = [t.clientSecretEnv, t.certificatePath, t.federatedTokenFile].filter(Boolean).length;
  if (ways !== 1) {
    throw new SourceError('entra', 'name exactly one of clientSecretEnv, certificatePath, federatedTokenFile', { file: 'driftgraph.yaml', path: `entra.tenants[${t.tenantId}]` });
  }
  if (t.clientSecretEnv) {
    const secret = env[t.clientSecretEnv];
    if (!secret) throw new SourceError('entra', `${t.clientSecretEnv} is not set (the client secret of app ${t.clientId})`);
    return new ClientSecretCredential(t.tenantId, t.clientId, secret, options);
  }
  if (t.certificatePath) return new ClientCertificateCredential(t.tenantId, t.clientId, { certificatePath: t.certificatePath }, options);
  const tokenFile = t.federatedTokenFile!;
  // Read on every token request: a projected token file is rotated under us.
  return new ClientAssertionCredential(t.tenantId, t.clientId, async () => (await readFile(tokenFile, 'utf8')).trim(), options);
}

export function graphClient(t: TenantConfig, config: EntraConfig, counter: { requests: number }, env: NodeJS.ProcessEnv = process.env): Client {
  const graphUrl = (config.graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  const authProvider = new TokenCredentialAuthenticationProvider(credentialFor(t, config, env), { scopes: [`${graphUrl}/.default`] });
  const first = new AuthenticationHandler(authProvider);
  const chain: Middleware[] = [
    first,
    // delay 2 s when a throttled response names none; at most 6 tries.
    new RetryHandler(new RetryHandlerOptions(2, 6)),
    new RedirectHandler(),
    new TelemetryHandler(),
    new CountingHandler(counter),
    new HTTPMessageHandler(),
  ];
  for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext!(chain[i + 1]!);
  return Client.initWithMiddleware({ middleware: first, baseUrl: graphUrl, customHosts: new Set([new URL(graphUrl).hostname]) });
}

/** A Graph error as one line: the call, the status and Graph's error code; never a token or a body. */
export function graphError(call: string, e: unknown): SourceError {
  const g = e as { statusCode?: number; code?: string; message?: string };
  const status = typeof g.statusCode === 'number' && g.statusCode > 0 ? g.statusCode : undefined;
  const what = g.code ? `${g.code}` : 'request failed';
  return new SourceError('entra', status ? what : `${what}: ${String(g.message ?? e).slice(0, 200)}`, { api: call, status }, { cause: e });
}

export function statusOf(e: unknown): number | null {
  const s = (e as { statusCode?: number }).statusCode;
  return typeof s === 'number' ? s : null;
}
