// The GCP part of a test estate: one project's files exactly as
// docs/snapshot-format.md names them, shaped as Google's REST responses
// (ServiceAccount, ServiceAccountKey, Policy, Policy Analyzer activities,
// WorkloadIdentityPool with providers).

export interface GcpKey {
  /** The KEY_ID (40 hex characters in real life). */
  id: string;
  type?: 'USER_MANAGED' | 'SYSTEM_MANAGED';
  validAfter: string;
  /** Default: the year-9999 "no expiry" Google writes for user-managed keys. */
  validBefore?: string;
  disabled?: boolean;
  /** Policy Analyzer's last authentication; absent: an entry without a time. */
  lastAuth?: string;
}

export interface GcpServiceAccount {
  /** The account id (the email's local part). */
  id: string;
  /** Default `<id>@<project>.iam.gserviceaccount.com`. */
  email?: string;
  displayName?: string;
  description?: string;
  disabled?: boolean;
  lastAuth?: string;
  keys?: GcpKey[];
}

export interface GcpBinding {
  role: string;
  members: string[];
  condition?: { expression: string; title: string };
}

export interface GcpProvider {
  pool: string;
  id: string;
  issuer?: string;
  condition?: string;
  disabled?: boolean;
}

export interface GcpProject {
  id: string;
  number?: string;
  serviceAccounts?: GcpServiceAccount[];
  bindings?: GcpBinding[];
  providers?: GcpProvider[];
  /** Write the Policy Analyzer files (default true). */
  activity?: boolean;
  /** Write list files as arrays of wrapped pages, snake_case key fields (what real dumps also look like). */
  pages?: boolean;
}

export const NO_EXPIRY = '9999-12-31T23:59:59Z';
export const saEmail = (project: string, sa: GcpServiceAccount) => sa.email ?? `${sa.id}@${project}.iam.gserviceaccount.com`;
export const gcpKeyName = (project: string, email: string, keyId: string) => `projects/${project}/serviceAccounts/${email}/keys/${keyId}`;

function pages<T>(items: T[], wrapper: string, size = 2): object[] {
  const out: object[] = [];
  for (let i = 0; i < items.length || out.length === 0; i += size) {
    const last = i + size >= items.length;
    out.push({ [wrapper]: items.slice(i, i + size), ...(last ? {} : { nextPageToken: `t${i + size}` }) });
  }
  return out;
}

export function gcpFiles(p: GcpProject): Record<string, string> {
  const number = p.number ?? '123456789012';
  const dir = `gcp/${p.id}`;
  const accounts = (p.serviceAccounts ?? []).map((sa, i) => ({
    name: `projects/${p.id}/serviceAccounts/${saEmail(p.id, sa)}`,
    projectId: p.id,
    uniqueId: `1${String(i).padStart(20, '0')}`,
    email: saEmail(p.id, sa),
    ...(sa.displayName ? { displayName: sa.displayName } : {}),
    ...(sa.description ? { description: sa.description } : {}),
    etag: 'MDEwMjE5MjA=',
    oauth2ClientId: `1${String(i).padStart(20, '0')}`,
    ...(sa.disabled ? { disabled: true } : {}),
  }));
  const keys = (p.serviceAccounts ?? []).flatMap((sa) =>
    (sa.keys ?? []).map((k) => {
      const key: Record<string, unknown> = {
        name: gcpKeyName(p.id, saEmail(p.id, sa), k.id),
        keyAlgorithm: 'KEY_ALG_RSA_2048',
        validAfterTime: k.validAfter,
        validBeforeTime: k.validBefore ?? NO_EXPIRY,
        keyOrigin: 'GOOGLE_PROVIDED',
        keyType: k.type ?? 'USER_MANAGED',
        ...(k.disabled ? { disabled: true } : {}),
      };
      if (!p.pages) return key;
      // snake_case, as some client libraries' dumps write the fields
      return { name: key.name, key_algorithm: key.keyAlgorithm, valid_after_time: key.validAfterTime, valid_before_time: key.validBeforeTime, key_origin: key.keyOrigin, key_type: key.keyType, ...(k.disabled ? { disabled: true, disable_reason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED' } : {}) };
    }),
  );
  const period = { startTime: '2026-01-01T08:00:00Z', endTime: '2026-11-19T08:00:00Z' };
  const accountActivities = (p.serviceAccounts ?? []).map((sa, i) => {
    const full = `//iam.googleapis.com/projects/${p.id}/serviceAccounts/${saEmail(p.id, sa)}`;
    return {
      fullResourceName: full,
      activityType: 'serviceAccountLastAuthentication',
      activity: {
        ...(sa.lastAuth ? { lastAuthenticatedTime: sa.lastAuth } : {}),
        serviceAccount: { serviceAccountId: `1${String(i).padStart(20, '0')}`, projectNumber: number, fullResourceName: full },
      },
      observationPeriod: period,
    };
  });
  const keyActivities = (p.serviceAccounts ?? []).flatMap((sa) =>
    (sa.keys ?? []).map((k) => {
      const full = `//iam.googleapis.com/${gcpKeyName(p.id, saEmail(p.id, sa), k.id)}`;
      return {
        fullResourceName: full,
        activityType: 'serviceAccountKeyLastAuthentication',
        activity: {
          ...(k.lastAuth ? { lastAuthenticatedTime: k.lastAuth } : {}),
          serviceAccountKey: { serviceAccountId: '1', projectNumber: number, fullResourceName: full },
        },
        observationPeriod: period,
      };
    }),
  );
  const pools = new Map<string, object[]>();
  for (const prov of p.providers ?? []) {
    const list = pools.get(prov.pool) ?? [];
    list.push({
      name: `projects/${number}/locations/global/workloadIdentityPools/${prov.pool}/providers/${prov.id}`,
      displayName: prov.id,
      state: 'ACTIVE',
      ...(prov.disabled ? { disabled: true } : {}),
      attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' },
      ...(prov.condition !== undefined ? { attributeCondition: prov.condition } : {}),
      oidc: { issuerUri: prov.issuer ?? 'https://token.actions.githubusercontent.com' },
    });
    pools.set(prov.pool, list);
  }
  const poolList = [...pools].map(([pool, providers]) => ({
    name: `projects/${number}/locations/global/workloadIdentityPools/${pool}`,
    state: 'ACTIVE',
    providers,
  }));
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  const files: Record<string, string> = {
    [`${dir}/service-accounts.json`]: json(p.pages ? pages(accounts, 'accounts') : accounts),
    [`${dir}/service-account-keys.json`]: json(p.pages ? pages(keys, 'keys') : keys),
    [`${dir}/iam-policy.json`]: json({ bindings: p.bindings ?? [], etag: 'BwYx0c9Zl5U=', version: 3 }),
  };
  if (p.activity !== false) {
    files[`${dir}/activity/serviceAccountLastAuthentication.json`] = json(
      p.pages ? pages(accountActivities, 'activities') : { activities: accountActivities },
    );
    files[`${dir}/activity/serviceAccountKeyLastAuthentication.json`] = json(
      p.pages ? pages(keyActivities, 'activities') : { activities: keyActivities },
    );
  }
  if (poolList.length) files[`${dir}/workload-identity-pools.json`] = json(poolList);
  return files;
}
