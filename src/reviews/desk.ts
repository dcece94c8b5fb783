// The reviews folder as the web view and the commands see it: the signing
// key, and each campaign's state, loaded once and read on as files grow.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { campaignFile } from './journal.js';
import { CampaignState } from './state.js';
import { reviewSecret } from './links.js';
import { DEFAULT_SESSION_HOURS, type ReviewsConfig } from './config.js';

const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

export class ReviewDesk {
  private states = new Map<string, Promise<CampaignState | null>>();
  private key: Promise<Buffer> | null = null;

  constructor(
    readonly dir: string,
    readonly config: ReviewsConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  secret(): Promise<Buffer> {
    this.key ??= reviewSecret(this.dir, this.env);
    return this.key;
  }

  get sessionHours(): number {
    return this.config.sessionHours ?? DEFAULT_SESSION_HOURS;
  }

  /** The campaign, read on to the end of its files; null when there is none of that id. */
  async campaign(id: string): Promise<CampaignState | null> {
    if (!ID.test(id)) return null;
    let p = this.states.get(id);
    if (!p) {
      p = existsSync(campaignFile(this.dir, id)) ? CampaignState.load(this.dir, id) : Promise.resolve(null);
      this.states.set(id, p);
      p.catch(() => this.states.delete(id));
    }
    const s = await p;
    if (!s) {
      this.states.delete(id);
      return null;
    }
    await s.refresh();
    return s;
  }

  async campaignIds(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => ID.test(n) && existsSync(campaignFile(this.dir, n))).sort();
  }
}
