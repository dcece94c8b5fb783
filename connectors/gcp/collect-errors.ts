// A failed Google API call -> a message naming the call, its status and, for
// a 403, the missing permission (from Google's ErrorInfo, else the one the
// call needs). The response body is never quoted.
import { SourceError } from '../../src/util/errors.js';

/** The permission each call needs, for a 403 that does not name it. */
export const PERMISSION: Record<string, string> = {
  'IAM serviceAccounts.list': 'iam.serviceAccounts.list',
  'IAM serviceAccounts.keys.list': 'iam.serviceAccountKeys.list',
  'IAM workloadIdentityPools.list': 'iam.workloadIdentityPools.list',
  'IAM workloadIdentityPools.providers.list': 'iam.workloadIdentityPoolProviders.list',
  'Resource Manager projects.getIamPolicy': 'resourcemanager.projects.getIamPolicy',
  'Resource Manager projects.list': 'resourcemanager.projects.list',
  'Secret Manager secrets.list': 'secretmanager.secrets.list',
  'Secret Manager secrets.versions.list': 'secretmanager.versions.list',
  'Resource Manager folders.list': 'resourcemanager.folders.list',
  'Policy Analyzer activities.query serviceAccountLastAuthentication': 'policyanalyzer.serviceAccountLastAuthenticationActivities.query',
  'Policy Analyzer activities.query serviceAccountKeyLastAuthentication': 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query',
};

interface GoogleErrorBody {
  error?: { status?: string; details?: { reason?: string; metadata?: { permission?: string } }[] };
}

function statusOf(e: unknown): number | undefined {
  const x = e as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  const s = x?.response?.status ?? x?.status ?? x?.code;
  return typeof s === 'number' ? s : typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : undefined;
}

function bodyOf(e: unknown): GoogleErrorBody | undefined {
  const data = (e as { response?: { data?: unknown } })?.response?.data;
  if (typeof data === 'string') {
    try {
      return JSON.parse(data) as GoogleErrorBody;
    } catch {
      return undefined;
    }
  }
  return data as GoogleErrorBody | undefined;
}

export function apiError(api: string, target: string, e: unknown): SourceError {
  const status = statusOf(e);
  const body = bodyOf(e);
  const named = body?.error?.details?.find((d) => d?.metadata?.permission)?.metadata?.permission;
  if (status === 403) {
    const permission = named ?? PERMISSION[api] ?? 'unknown';
    return new SourceError('gcp', `${target}: permission denied: missing ${permission}`, { api, status });
  }
  const reason = body?.error?.status ?? (status === undefined ? (e as { code?: string })?.code ?? 'no response' : 'error');
  return new SourceError('gcp', `${target}: ${reason}`, { api, status });
}
