// Errors that say what failed and where: a file and line or JSON path, or an
// API call and its status. A SourceError fails one source, never the scan.

export interface ErrorPlace {
  file?: string;
  line?: number;
  /** JSON path inside the file, e.g. `$.UserDetailList[3].Tags` */
  path?: string;
  /** API operation, e.g. `IAM GetAccountAuthorizationDetails` */
  api?: string;
  status?: number | string;
}

export class SourceError extends Error {
  constructor(
    readonly source: string,
    message: string,
    readonly place: ErrorPlace = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SourceError';
  }

  /** `aws: aws/123/credential-report.csv line 4: bad timestamp "x"` */
  describe(): string {
    const p = this.place;
    const where: string[] = [];
    if (p.file) where.push(p.file);
    if (p.line !== undefined) where.push(`line ${p.line}`);
    if (p.path) where.push(`at ${p.path}`);
    if (p.api) where.push(`API ${p.api}`);
    if (p.status !== undefined) where.push(`status ${p.status}`);
    return `${this.source}: ${where.length ? where.join(' ') + ': ' : ''}${this.message}`;
  }
}

/** Bad command line or config: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof SourceError) return e.describe();
  if (e instanceof Error) return e.message;
  return String(e);
}
