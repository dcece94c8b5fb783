// The connector contract: everything the core knows about a source comes
// through this interface. A connector lives in `connectors/<source>/`, is
// listed once in `connectors/index.ts`, and is handed to the scan by the
// command line (the composition root). The core never imports a connector.
//
// A connector never queries the graph: what needs other sources (links,
// owners, leavers) is derived after loading, in `src/derive/`.
import type { z } from 'zod';
import type { GraphBatch, NodeLabel } from '../graph/records.js';
import type { Progress } from '../util/progress.js';
import type { ErrorPlace } from '../util/errors.js';

/** One subject type a connector emits, with the words a finding title uses. */
export interface SubjectType {
  /** The finding's `subject.type`: `user`, `role`, `access-key`, `service-account`, ... */
  type: string;
  /** The node label records of this type carry. */
  label: NodeLabel;
  /** How a title names it after the source label: "IAM user", "service account key". */
  words: string;
}

export interface LoadContext<C = unknown> {
  /** The snapshot's root directory. */
  snapshotDir: string;
  /** The scan's "now", ISO instant. */
  now: string;
  /** This source's own config section (`config.<source>`), already validated by `configSchema`. */
  config: C | undefined;
  /** Config keys every source shares (links, privileged groups, ...). */
  shared: SharedConfig;
  progress: Progress;
  /**
   * Given by the scan so a source is written one container at a time: a
   * connector that reads containers one by one hands each to it as soon as
   * that container is read and mapped completely, awaits it, keeps nothing
   * of it, and lists it in `SourceLoad.delivered`. Memory then holds one
   * container, not the whole source. A container that fails to read is
   * never handed over (it goes to `failed`). Only for containers whose
   * relationships stay inside the container (or point to other sources):
   * a connector that maps containers together (GCP) ignores it and returns
   * everything in `graph`. If it throws, loadSnapshot rejects.
   */
  onContainer?(container: string, graph: GraphBatch): Promise<void>;
}

/** The parts of driftgraph.yaml that are not any one source's section. */
export interface SharedConfig {
  /** Event logs: the share of unreadable events a source skips (and counts) before it fails (default 0.01). */
  maxBadEventShare?: number;
  links?: {
    manual?: { source: string; container?: string; account: string; person: string }[];
    bots?: { source: string; container?: string; account: string }[];
  };
}

export interface ContainerFailure {
  container: string;
  /** What failed and where (file and line or JSON path, or the API call), as one line. */
  error: string;
  /** The same place, structured, when the connector knows it. */
  place?: ErrorPlace;
}

export interface SourceLoad {
  /**
   * Containers read completely (AWS account ids, GCP projects, GitHub orgs,
   * SCIM apps; `['']` for sources without containers). What this source put in
   * the graph earlier under these containers and did not see now is removed.
   */
  containers: string[];
  /** Containers that could not be read: nothing of them is in `graph`, nothing of theirs changes. */
  failed: ContainerFailure[];
  /** The records of every container in `containers` that was not `delivered`. */
  graph: GraphBatch;
  /**
   * Containers handed to `LoadContext.onContainer` (a subset of `containers`):
   * none of their records are in `graph`. Absent: everything is in `graph`.
   */
  delivered?: string[];
  /** Things worth telling that did not fail anything (of delivered containers too). */
  warnings: string[];
}

export interface CollectContext<C = unknown> {
  now: string;
  config: C | undefined;
  shared: SharedConfig;
  progress: Progress;
  /** A folder beside the store where a connector may keep state between runs (ETags, cursors). */
  stateDir: string;
}

export interface CollectResult {
  /** Containers written completely under `<outDir>/<source>/`. */
  containers: string[];
  failed: ContainerFailure[];
  warnings: string[];
  /** API requests made, for the progress line and benchmarks. */
  requests?: number;
}

/** What a remediation template sees of a finding. Every value is provider data: quote it with shellQuote. */
export interface RemediationInput {
  ruleId: string;
  action: string;
  subject: { source: string; container: string | null; type: string; id: string; name: string | null };
  /** The subject node's properties. */
  props: Record<string, unknown>;
  evidence: Record<string, unknown>;
  entitlement: string | null;
}

/** The exact provider command for one action on one subject, or null when this connector has none. */
export type RemediationTemplate = (input: RemediationInput) => string | null;

export interface Connector<C = unknown> {
  /** The `source` of every record and finding: `aws`, `gcp`, `github`, ... */
  source: string;
  /** How people write it: `AWS`, `GCP`, `GitHub`. */
  label: string;
  /** True when the source has containers (accounts, projects, orgs, apps) that fail one by one. */
  hasContainers: boolean;
  /** Every subject type it emits; the contract test holds it to this list. */
  subjectTypes: SubjectType[];
  /** Its section of driftgraph.yaml, validated as `config.<source>` when the config loads. */
  configSchema?: z.ZodType<C>;
  /**
   * The files of a container's folder (`<source>/<container>/`, or
   * `<source>/` without containers) whose disappearance after an earlier
   * scan makes the container's data unknown rather than gone: the store
   * remembers which it has seen, and when one goes missing nothing of the
   * container is removed or resolved (src/scan/tracked-files.ts).
   */
  trackedFiles?: readonly string[];
  /** Read and map `<snapshotDir>/<source>/`. Never throws for a bad file: that container goes to `failed`. */
  loadSnapshot(ctx: LoadContext<C>): Promise<SourceLoad>;
  /** Live APIs -> `<outDir>/<source>/` in the snapshot format. Absent: the source has no live API. */
  collect?(outDir: string, ctx: CollectContext<C>): Promise<CollectResult>;
  /** Remediation per action (`disable-account`, `deactivate-credential`, ...), the exact provider CLI command. */
  remediations?: Partial<Record<string, RemediationTemplate>>;
}

/** The registry handed to the scan: the sources in load order. */
export type Registry = readonly Connector<any>[];
