// Builds the real AWS SDK clients for the live collector. One factory so a test
// (or an air-gapped mirror) can point every client at another endpoint and hand
// in fixed credentials, while production uses the SDK's default chain.
import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';

/** Static credentials or a provider, exactly as the SDK clients accept them. */
export type AwsCredentials = NonNullable<IAMClientConfig['credentials']>;

export interface AwsClientFactory {
  /** `credentials` overrides the factory's own (used for assumed roles). */
  iam(credentials?: AwsCredentials): IAMClient;
  sts(credentials?: AwsCredentials): STSClient;
  organizations(credentials?: AwsCredentials): OrganizationsClient;
  /** Secrets Manager is regional: one client per account and region. */
  secretsManager(region: string, credentials?: AwsCredentials): SecretsManagerClient;
}

export interface AwsClientOptions {
  region?: string;
  /** Overrides IAM, STS, Organizations and Secrets Manager endpoints; default env DRIFTGRAPH_AWS_ENDPOINT. */
  endpoint?: string;
  /** Without them, the SDK's default credential chain (env, profile, SSO, IMDS...). */
  credentials?: AwsCredentials;
  maxAttempts?: number;
}

export function awsClientFactory(options: AwsClientOptions = {}): AwsClientFactory {
  const endpoint = options.endpoint ?? (process.env.DRIFTGRAPH_AWS_ENDPOINT || undefined);
  const config = (credentials?: AwsCredentials, region?: string) => {
    const creds = credentials ?? options.credentials;
    return {
      // IAM and Organizations are global (served from us-east-1); STS works in any region.
      region: region ?? options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      // Adaptive: the SDK's retry with a client-side rate limiter that slows down
      // after Throttling, which IAM returns readily at a few requests per second.
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts ?? 6,
      ...(endpoint ? { endpoint } : {}),
      ...(creds ? { credentials: creds } : {}),
    };
  };
  return {
    iam: (c) => new IAMClient(config(c)),
    sts: (c) => new STSClient(config(c)),
    organizations: (c) => new OrganizationsClient(config(c)),
    secretsManager: (region, c) => new SecretsManagerClient(config(c, region)),
  };
}
