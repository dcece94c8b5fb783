// Starting a campaign, for the command line and the scheduler alike: build
// it from the graph, write its files (the record: items first, then
// campaign.json, so a campaign on disk always has all its items), then put
// it in the store for the rules.
import type { GraphStore } from '../graph/store.js';
import { DEFAULT_KEEP_DAYS, type ReviewScope, type ReviewsConfig } from './config.js';
import { buildCampaign, campaignId } from './create.js';
import { appendLines, itemsFile, writeCampaign } from './journal.js';
import { writeCampaignToStore } from './sync.js';
import type { Campaign } from './model.js';

export interface StartCampaign {
  dir: string;
  config: ReviewsConfig;
  auditFile: string;
  name: string;
  scope: ReviewScope;
  sources: string[] | null;
  due: string;
  by: string;
  now: string;
}

export async function createCampaign(store: GraphStore, o: StartCampaign): Promise<Campaign> {
  const id = campaignId(o.name, o.now);
  const built = await buildCampaign(store, {
    id,
    name: o.name,
    scope: o.scope,
    sources: o.sources,
    now: o.now,
    due: o.due,
    keepDays: o.config.keepDays ?? DEFAULT_KEEP_DAYS,
    createdBy: o.by,
    fallbackReviewer: o.config.fallbackReviewer ?? null,
    auditFile: o.auditFile,
    overdueFails: o.config.overdueFails === true,
  });
  await appendLines(itemsFile(o.dir, id), built.items);
  await writeCampaign(o.dir, built.campaign);
  await writeCampaignToStore(store, o.dir, built.campaign, built.items);
  return built.campaign;
}
