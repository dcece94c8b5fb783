// Event logs are not inventories. An inventory (users, keys, people) read
// with a bad record is wrong about who exists, so a bad record fails its
// container. An event log (Okta's System Log, CloudTrail, GitHub's audit log,
// any later sign-in source) is a stream of observations; providers' own logs
// hold the odd unreadable one (Okta's published example has an event dated
// 2017-09-31). Such an event is skipped and counted, with its file and
// position in a warning; the source fails only when more than
// `maxBadEventShare` (default 0.01) of its events are unreadable, because
// then the log as a whole is not what the provider wrote.
import { SourceError } from '../../src/util/errors.js';
import { withoutQuotedText } from './messages.js';

export const DEFAULT_MAX_BAD_EVENT_SHARE = 0.01;
/** Warnings listed one by one; past this, the rest are counted in one line. */
const LISTED = 5;

export class EventTally {
  /** Events seen, readable or not. */
  total = 0;
  private readonly bad: { file: string; position: string; why: string }[] = [];
  private badCount = 0;

  constructor(
    private readonly source: string,
    private readonly maxBadShare: number = DEFAULT_MAX_BAD_EVENT_SHARE,
  ) {}

  /**
   * Read one event with `read`; an error it throws skips the event, counted
   * with its file and position (a JSON path or a line). Returns what `read`
   * returned, or undefined for a skipped event.
   */
  read<T>(file: string, position: string, read: () => T): T | undefined {
    this.total++;
    try {
      return read();
    } catch (e) {
      // A broken environment is not a bad event.
      if (e instanceof RangeError || e instanceof TypeError) throw e;
      // A SourceError knows the exact place (the field's path, the line): keep it.
      const where = e instanceof SourceError ? e.place.path ?? (e.place.line !== undefined ? String(e.place.line) : position) : position;
      this.skip(file, where, e instanceof SourceError ? e.message : withoutQuotedText((e as Error).message));
      return undefined;
    }
  }

  /** Count an event already found unreadable. */
  skip(file: string, position: string, why: string): void {
    this.badCount++;
    if (this.bad.length < LISTED) this.bad.push({ file, position, why });
  }

  get skipped(): number {
    return this.badCount;
  }

  /**
   * After the log is read: throws a SourceError (failing the container or
   * source) when more than the allowed share was unreadable; otherwise the
   * warnings that name what was skipped.
   */
  finish(): string[] {
    if (!this.badCount) return [];
    const first = this.bad[0]!;
    const share = this.badCount / Math.max(1, this.total);
    if (share > this.maxBadShare) {
      throw new SourceError(
        this.source,
        `${this.badCount} of ${this.total} events are unreadable, more than maxBadEventShare ${this.maxBadShare}: the log is not what the provider wrote; first: ${first.why}`,
        placeOf(first),
      );
    }
    const lines = this.bad.map(
      (b) => `${b.file} ${b.position.startsWith('$') ? 'at' : 'line'} ${b.position}: unreadable event skipped (${b.why})`,
    );
    if (this.badCount > this.bad.length) lines.push(`${this.badCount - this.bad.length} more unreadable event(s) skipped`);
    lines.push(`${this.source}: ${this.badCount} of ${this.total} events skipped as unreadable (within maxBadEventShare ${this.maxBadShare})`);
    return lines;
  }
}

function placeOf(b: { file: string; position: string }): { file: string; path?: string; line?: number } {
  return b.position.startsWith('$') ? { file: b.file, path: b.position } : { file: b.file, line: Number(b.position) || undefined };
}
