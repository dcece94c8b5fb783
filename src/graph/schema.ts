// Indexes and constraints, created idempotently each time a store opens.
// Every graph node carries the label Entity and a unique `key`; MERGE on a
// property needs an index on it first (without one Grafeo's MERGE is quadratic).
import type { GraphStore } from './store.js';

const STATEMENTS: Record<'embedded' | 'neo4j', string[]> = {
  neo4j: [
    'CREATE CONSTRAINT entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE',
    'CREATE CONSTRAINT finding_id IF NOT EXISTS FOR (f:Finding) REQUIRE f.id IS UNIQUE',
    'CREATE CONSTRAINT scan_id IF NOT EXISTS FOR (s:Scan) REQUIRE s.id IS UNIQUE',
    'CREATE INDEX person_email IF NOT EXISTS FOR (p:Person) ON (p.email)',
    'CREATE INDEX entity_source IF NOT EXISTS FOR (n:Entity) ON (n.source)',
    'CREATE INDEX identity_catalog_id IF NOT EXISTS FOR (n:Identity) ON (n.catalogId)',
    'CREATE INDEX finding_status IF NOT EXISTS FOR (f:Finding) ON (f.status)',
    'CREATE INDEX finding_rule IF NOT EXISTS FOR (f:Finding) ON (f.ruleId)',
    'CREATE CONSTRAINT run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.id IS UNIQUE',
    'CREATE CONSTRAINT lease_name IF NOT EXISTS FOR (l:Lease) REQUIRE l.name IS UNIQUE',
    'CREATE CONSTRAINT revocation_id IF NOT EXISTS FOR (a:Revocation) REQUIRE a.id IS UNIQUE',
    'CREATE INDEX review_item_id IF NOT EXISTS FOR (i:ReviewItem) ON (i.id)',
    'CREATE INDEX review_item_campaign IF NOT EXISTS FOR (i:ReviewItem) ON (i.campaignId)',
  ],
  embedded: [
    'CREATE INDEX entity_key IF NOT EXISTS FOR (n:Entity) ON (n.key)',
    'CREATE INDEX finding_id IF NOT EXISTS FOR (f:Finding) ON (f.id)',
    // The findings update reads one rule's findings at a time.
    'CREATE INDEX finding_rule IF NOT EXISTS FOR (f:Finding) ON (f.ruleId)',
    'CREATE INDEX scan_id IF NOT EXISTS FOR (s:Scan) ON (s.id)',
    'CREATE INDEX person_email IF NOT EXISTS FOR (p:Person) ON (p.email)',
    'CREATE INDEX entity_source IF NOT EXISTS FOR (n:Entity) ON (n.source)',
    'CREATE INDEX run_id IF NOT EXISTS FOR (r:Run) ON (r.id)',
    'CREATE INDEX revocation_id IF NOT EXISTS FOR (a:Revocation) ON (a.id)',
    // Access review items: updated by id, read per campaign.
    'CREATE INDEX review_item_id IF NOT EXISTS FOR (i:ReviewItem) ON (i.id)',
    'CREATE INDEX review_item_campaign IF NOT EXISTS FOR (i:ReviewItem) ON (i.campaignId)',
  ],
};

export async function ensureSchema(store: GraphStore): Promise<void> {
  for (const statement of STATEMENTS[store.kind]) await store.write(statement);
}
