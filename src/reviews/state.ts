// A campaign as its files say it is now: the items, who may answer each, and
// the events folded in order. The first decision on an access settles it for
// every reviewer of that access (any owner may answer); a later one is kept
// in the files but changes nothing. "not mine" settles only the reviewer's
// own item. Loaded once and then read on from where it stopped, so the web
// view answers a queue from memory while the command line appends too.
import { eventsFile, itemsFile, readCampaign, readLinesFrom } from './journal.js';
import type { Campaign, ReviewEvent, ReviewItem } from './model.js';
import { addTo } from '../util/arrays.js';

export type ItemStatus = 'open' | 'decided' | 'answered-by-other' | 'not-mine';

export class CampaignState {
  items = new Map<string, ReviewItem>();
  byReviewer = new Map<string, string[]>();
  byAccess = new Map<string, string[]>();
  /** The decision that settled each access. */
  settled = new Map<string, ReviewEvent>();
  notMine = new Map<string, ReviewEvent>();
  usedTokens = new Set<string>();
  reminded: ReviewEvent[] = [];
  escalated: ReviewEvent[] = [];
  closedAt: string | null = null;
  /** Every decision in order, the superseded ones too (the report shows them). */
  decisions: ReviewEvent[] = [];
  private itemsEnd = 0;
  private eventsEnd = 0;

  private constructor(
    readonly dir: string,
    readonly campaign: Campaign,
  ) {}

  static async load(dir: string, id: string): Promise<CampaignState | null> {
    const c = await readCampaign(dir, id);
    if (!c) return null;
    const s = new CampaignState(dir, c);
    await s.refresh();
    return s;
  }

  /** Reads what was appended since the last call. */
  async refresh(): Promise<void> {
    const items = await readLinesFrom<ReviewItem>(itemsFile(this.dir, this.campaign.id), this.itemsEnd);
    this.itemsEnd = items.end;
    for (const i of items.rows) this.addItem(i);
    const events = await readLinesFrom<ReviewEvent>(eventsFile(this.dir, this.campaign.id), this.eventsEnd);
    this.eventsEnd = events.end;
    for (const e of events.rows) this.apply(e);
  }

  private addItem(i: ReviewItem): void {
    if (this.items.has(i.id)) return;
    this.items.set(i.id, i);
    addTo(this.byReviewer, i.reviewer.toLowerCase(), i.id);
    addTo(this.byAccess, i.accessId, i.id);
  }

  apply(e: ReviewEvent): void {
    switch (e.event) {
      case 'decided': {
        this.decisions.push(e);
        if (!e.accessId || this.settled.has(e.accessId)) return;
        if (e.decision === 'not-mine') {
          if (e.itemId && !this.notMine.has(e.itemId)) this.notMine.set(e.itemId, e);
        } else {
          this.settled.set(e.accessId, e);
        }
        return;
      }
      case 'link-used':
        if (e.tokenId) this.usedTokens.add(e.tokenId);
        return;
      case 'reminded':
        this.reminded.push(e);
        return;
      case 'escalated':
        this.escalated.push(e);
        return;
      case 'closed':
        this.closedAt ??= e.at;
        return;
      default:
        return;
    }
  }

  status(itemId: string): ItemStatus {
    const item = this.items.get(itemId);
    if (!item) return 'open';
    const s = this.settled.get(item.accessId);
    if (s) return s.itemId === itemId ? 'decided' : 'answered-by-other';
    return this.notMine.has(itemId) ? 'not-mine' : 'open';
  }

  queue(reviewer: string): ReviewItem[] {
    return (this.byReviewer.get(reviewer.toLowerCase()) ?? []).map((id) => this.items.get(id)!);
  }

  /** Open items: not settled and not declined. */
  openItems(): ReviewItem[] {
    return [...this.items.values()].filter((i) => this.status(i.id) === 'open');
  }

  progress(): { items: number; accesses: number; settled: number; open: number; overdue: boolean } {
    const open = [...this.byAccess.keys()].filter((a) => !this.settled.has(a)).length;
    return { items: this.items.size, accesses: this.byAccess.size, settled: this.settled.size, open, overdue: !this.closedAt && open > 0 && this.campaign.due < new Date().toISOString() };
  }
}

