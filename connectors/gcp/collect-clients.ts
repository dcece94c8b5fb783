// Google's own clients, built once per collect: IAM v1 (@googleapis/iam),
// Resource Manager v3 (@googleapis/cloudresourcemanager), Secret Manager v1
// (@googleapis/secretmanager: the same REST client family, auth and retry as
// the others, rather than @google-cloud/secret-manager's gRPC stack), and Policy Analyzer
// through google-auth-library's authorized `request` (Google publishes no
// per-API package for it). Every client takes a root URL (Private Service
// Connect, or a test server) and retries 429 and 5xx with gaxios's own
// exponential back-off.
import { iam, type iam_v1 } from '@googleapis/iam';
import { cloudresourcemanager, type cloudresourcemanager_v3 } from '@googleapis/cloudresourcemanager';
import { secretmanager, type secretmanager_v1 } from '@googleapis/secretmanager';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import type { GcpConfig } from './config.js';

export const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** A short-lived OAuth access token (e.g. `gcloud auth print-access-token`), instead of ADC. */
export const TOKEN_ENV = 'DRIFTGRAPH_GCP_ACCESS_TOKEN';

export interface GcpClients {
  iam: iam_v1.Iam;
  crm: cloudresourcemanager_v3.Cloudresourcemanager;
  secretManager: secretmanager_v1.Secretmanager;
  /** GET a Policy Analyzer path (below `v1/`) with query parameters; the response body. */
  policyAnalyzer(path: string, params: Record<string, string | number | undefined>): Promise<unknown>;
}

function retryOptions(retries: number) {
  return {
    retry: true,
    retryConfig: {
      retry: retries,
      // getIamPolicy is a POST that reads: safe to repeat.
      httpMethodsToRetry: ['GET', 'POST'],
      statusCodesToRetry: [
        [429, 429],
        [500, 599],
      ],
      noResponseRetries: 2,
    },
  };
}

function auth(): GoogleAuth | OAuth2Client {
  const token = process.env[TOKEN_ENV];
  if (token) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: token });
    return client;
  }
  // Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file, or the metadata server.
  return new GoogleAuth({ scopes: [SCOPE] });
}

export function gcpClients(config: GcpConfig | undefined): GcpClients {
  const credentials = auth();
  const retry = retryOptions(config?.retries ?? 5);
  const endpoints = config?.endpoints ?? {};
  // The generated clients accept any google-auth-library client; their nested copy's types differ from ours.
  const common = { auth: credentials as never, ...retry };
  const paRoot = (endpoints.policyanalyzer ?? 'https://policyanalyzer.googleapis.com/').replace(/\/+$/, '');
  return {
    iam: iam({ version: 'v1', ...common, ...(endpoints.iam ? { rootUrl: endpoints.iam } : {}) }),
    crm: cloudresourcemanager({ version: 'v3', ...common, ...(endpoints.cloudresourcemanager ? { rootUrl: endpoints.cloudresourcemanager } : {}) }),
    secretManager: secretmanager({ version: 'v1', ...common, ...(endpoints.secretmanager ? { rootUrl: endpoints.secretmanager } : {}) }),
    async policyAnalyzer(path, params) {
      const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
      const res = await credentials.request({ url: `${paRoot}/v1/${path}`, method: 'GET', params: query, ...retry });
      return res.data;
    },
  };
}
