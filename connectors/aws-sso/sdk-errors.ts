// What an AWS SDK error says, read without loading the SDK (the revocation
// actions' plans need it before any client is made).
export interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** AWS's error code of an SDK error (`AccessDeniedException`, `ResourceNotFoundException`, ...). */
export const errorCode = (e: unknown) => ((e ?? {}) as AwsErrorLike).name ?? 'Error';
export const httpStatus = (e: unknown) => ((e ?? {}) as AwsErrorLike).$metadata?.httpStatusCode;

