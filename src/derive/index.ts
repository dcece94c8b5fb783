// The derive step: after every source has loaded, facts that need more than
// one source are worked out over the whole graph and written back with how
// they were found: leavers and movers, account -> person links, which IAM
// accounts are NHIs, owners, team activity, declared regions and CIDRs, and
// whose sign-ins and devices the sign-in logs and inventories describe. It
// reads only the facts connectors declare on their records (docs/graph-model.md
// "Facts connectors declare"), never a source's name.
import type { GraphStore } from '../graph/store.js';
import type { Config } from '../config/schema.js';
import type { Progress } from '../util/progress.js';
import { derivePeople } from './people.js';
import { readCatalog, writeMembership, writeRunsAs } from './catalog.js';
import { computeLinks, indexPeople, matchesAccount, readIdentities, writeLinks, type IdentityInfo, type Links } from './links.js';
import { deriveTeams } from './teams.js';
import { deriveOwners, personByLogin, readReviewedOwners } from './owners.js';
import { contextDeclarations } from './context.js';
import { deriveSignIns } from './sign-ins.js';
import { deriveActsAs } from './workloads.js';
import type { CatalogView } from './catalog.js';
import { DeriveIO } from './derive-io.js';
import { deriveInputsDigest, recordDerive, type DeriveStats, type LastDerive } from './derive-state.js';

export type { DeriveStats } from './derive-state.js';

/**
 * An identity whose connector says it may be an NHI (`mayBeNhi`, an AWS IAM
 * user) is one when the catalog lists it, an owner tag names an owner, or it
 * has no console password and no link to a person. Every other identity is
 * what its connector says (`isNhi`), else an account.
 */
export function classifyNhi(i: IdentityInfo, links: Links, catalog: CatalogView): boolean {
  if (i.isNhi !== null) return i.isNhi;
  if (i.isRoot) return false;
  if (!i.mayBeNhi) return false;
  return catalog.servicesOf.has(i.key) || i.hasOwnerTag || (!i.hasPassword && !links.has(i.key));
}

/** What the last derive step left (derive-state.ts), and how many records this scan's load changed since. */
export interface SinceLastDerive {
  last: LastDerive | null;
  /** Records the load wrote, removed or took back (WriteContext.changed). */
  changed: number;
}

/**
 * `run`: this scan's run id, stamped on each node whose derived properties or
 * label change (`derivedRun`). With `since`, a scan whose load changed
 * nothing keeps what the last derive step wrote unless the people changed
 * with time (derive-state.ts); without it, derive works everything out.
 */
export async function derive(
  store: GraphStore,
  now: string,
  config: Config,
  progress: Progress,
  run?: string,
  since?: SinceLastDerive,
): Promise<DeriveStats> {
  const io = new DeriveIO(store);
  const reviewed = await readReviewedOwners(store);
  const digest = await deriveInputsDigest(config, reviewed);
  const standing = since?.last && since.changed === 0 && since.last.digest === digest ? since.last : null;
  progress.step('linking: people, catalog, accounts, owners');
  const people = await derivePeople(io, now, run);
  if (standing && io.writes === 0) {
    progress.step('linking: nothing it reads changed since the last scan: links, NHIs and owners stand as the last scan wrote them');
    await recordDerive(store, digest, standing.stats);
    return standing.stats;
  }
  const peopleIndex = indexPeople(people);
  const catalog = await readCatalog(io);
  await writeRunsAs(io, catalog);
  const membership = await writeMembership(io, catalog, peopleIndex.byEmail);

  const identities = await readIdentities(io);
  const candidateLinks = computeLinks(identities, peopleIndex, config);
  for (const i of identities) i.isNhi = classifyNhi(i, candidateLinks, catalog);
  const identityByKey = new Map(identities.map((i) => [i.key, i]));
  // NHIs have owners, not people: links only tie accounts.
  const links: Links = new Map([...candidateLinks].filter(([key]) => !identityByKey.get(key)?.isNhi));
  await writeLinks(io, links);
  const nhiKeys = identities.filter((i) => i.isNhi).map((i) => i.key);
  await io.relabel(identities.filter((i) => i.isNhi), 'NHI', run);
  await io.relabel(identities.filter((i) => !i.isNhi), 'Account', run);

  await io.setProps(
    identities.map((i) => ({
      key: i.key,
      props: {
        isNhi: i.isNhi,
        linked: links.has(i.key),
        // config.links.bots: accounts the operator declares bots or services (never unlinked-account).
        declaredBot: (config.links?.bots ?? []).some((b) => matchesAccount(i, b)),
        ...(i.isNhi ? contextDeclarations(i, catalog) : {}),
      },
    })),
    run,
  );

  await deriveTeams(io, people, membership, run);
  // Workload identity joins first: an NHI with no owner of its own is owned through the identity it acts as.
  const actsAs = await deriveActsAs(io, catalog, identities);
  const owners = await deriveOwners(io, identities, {
    people: peopleIndex,
    catalog,
    personByLogin: personByLogin(identities, links),
    actsAs,
    reviewed,
  }, run);

  // A person is privileged when one of their active accounts is.
  const privileged = new Set<string>();
  for (const [identity, l] of links) {
    const i = identityByKey.get(identity);
    if (i?.active && i.privileged) privileged.add(l.person);
  }
  await io.setProps(people.map((p) => ({ key: p.key, props: { privileged: privileged.has(p.key) } })), run);
  await deriveSignIns(io, peopleIndex);

  const stats: DeriveStats = {
    people: people.length,
    links: links.size,
    nhis: nhiKeys.length,
    ownedNhis: [...owners.values()].filter((o) => o.length > 0).length,
  };
  await recordDerive(store, digest, stats);
  return stats;
}
