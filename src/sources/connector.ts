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
   * everything in `graph`. If it throws, loadSnapshot rejects. `warnings`
   * are the container's own (they are told again when it is skipped as
   * unchanged, see `unchanged`). `validUntil`, from a connector that maps
   * with the scan's now and still declares `skipsUnchanged`: the first
   * instant after now at which the same files would map differently (a
   * date in them taking effect); from then on the container is read again.
   */
  onContainer?(container: string, graph: GraphBatch, warnings?: readonly string[], validUntil?: string | null): Promise<void>;
  /**
   * Given by the scan to a connector that declares `skipsUnchanged`: the
   * containers whose folder holds byte for byte what the last complete load
   * of them read (same files, sizes and content hashes; same config and
   * driftgraph code), each with the warnings that load gave. The connector
   * does not read them again: it lists them in `containers` and in
   * `SourceLoad.unchanged`, tells their warnings again, and the store keeps
   * what it holds of them (src/scan/unchanged-containers.ts).
   */
  unchanged?: ReadonlyMap<string, readonly string[]>;
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
  /** Containers of `LoadContext.unchanged` that were not read again (a subset of `containers`, none in `graph`). */
  unchanged?: string[];
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
  /**
   * True when a container's records depend only on the files of its folder,
   * this source's config section and the shared config, never on another
   * container, and on the scan's now only as far as it hands `validUntil`
   * to `onContainer`: the scan then hands over `LoadContext.unchanged` and
   * a container whose files did not change is not read again (until
   * `validUntil`). A connector that maps containers together leaves it out.
   */
  skipsUnchanged?: boolean;
  /** Read and map `<snapshotDir>/<source>/`. Never throws for a bad file: that container goes to `failed`. */
  loadSnapshot(ctx: LoadContext<C>): Promise<SourceLoad>;
  /** Live APIs -> `<outDir>/<source>/` in the snapshot format. Absent: the source has no live API. */
  collect?(outDir: string, ctx: CollectContext<C>): Promise<CollectResult>;
  /** Remediation per action (`disable-account`, `deactivate-credential`, ...), the exact provider CLI command. */
  remediations?: Partial<Record<string, RemediationTemplate>>;
  /**
   * Frameworks a finding about this source's subjects cites besides its
   * rule's own, by rule id (`*` for every rule): a source whose identities
   * are an AI system's access adds NIST AI RMF. The rule's list comes first.
   */
  findingFrameworks?: Readonly<Record<string, readonly string[]>>;
}

/** The registry handed to the scan: the sources in load order. */
export type Registry = readonly Connector<any>[];

// ---------------------------------------------------------------------------
// Revocation: what a connector can revoke, and how (issue 22). The core
// (src/revoke/) plans, guards, executes, records and verifies through these;
// it never names a source. Kept in its own block: the facts above are others'.
// ---------------------------------------------------------------------------

/** One provider call, as the plan and the audit trail show it: identifiers only, never a secret. */
export interface ProviderCall {
  /** The API and operation: `IAM UpdateAccessKey`, `GitHub DELETE /orgs/{org}/members/{username}`, `SCIM PATCH /Users/{id}`. */
  api: string;
  /** What it is called on and with (names, ids, ARNs, the values set): never a token or key material. */
  target: Record<string, string>;
}

/** One action planned for one finding: what the core records, guards and later executes. */
export interface PlannedRevocation {
  /** The action kind, `<source>.<verb>`: `aws.deactivate-access-key`. */
  kind: string;
  /** One line in the users' words: "deactivate access key AKIA… of IAM user alice". */
  summary: string;
  /** The container whose share `maxShareOfContainer` counts (the subject's, or where the call lands). */
  container: string;
  /** The calls `execute` makes, in order. */
  calls: ProviderCall[];
  reversible: boolean;
  /** How it is undone, in the provider's words (`IAM UpdateAccessKey Status=Active`); absent when it cannot be. */
  undo?: string;
  /** Everything execute, check and undo need: identifiers only. Stored in the audit trail. */
  params: Record<string, string>;
}

/** The subject as the provider shows it right now, judged against what the finding saw. */
export interface LiveCheck {
  /** True when the access the finding is about is still there: only then is the action sent. */
  stillThere: boolean;
  /** The state read (identifiers and flags only), kept in the audit trail as the "before" state. */
  state: Record<string, unknown>;
  /** Why it no longer matches, when it does not: "the access key is already Inactive". */
  detail: string;
}

/** What an action reaches the provider with: the source's own config section and the environment for its credentials. */
export interface ActionContext<C = unknown> {
  config: C | undefined;
  env: NodeJS.ProcessEnv;
}

/**
 * A provider call that failed: which call, and what it answered. Messages
 * carry no secret (the status and the provider's error code, never a header).
 */
export class ActionCallError extends Error {
  constructor(
    readonly call: string,
    readonly status: number | string | undefined,
    message: string,
    /** True when the answer says the thing is already gone (404): recorded as already done, not as failed. */
    readonly gone = false,
  ) {
    super(message);
    this.name = 'ActionCallError';
  }
}

export interface RevocationAction<C = unknown> {
  /** `<source>.<verb>`, the PlannedRevocation.kind it produces. */
  kind: string;
  /** The subject types it acts on (or `person` for an entitlement held through this source). */
  subjectTypes: string[];
  reversible: boolean;
  /**
   * The actions this finding needs from this connector (several when an
   * account has a password and keys), least destructive first; [] when it
   * does not apply. Pure: no call is made here.
   */
  plan(input: RemediationInput): PlannedRevocation[];
  /** Read the subject's current state from the provider, right before the call. */
  check(params: Record<string, string>, ctx: ActionContext<C>): Promise<LiveCheck>;
  /** Make the calls. Throws ActionCallError naming the failed call. */
  execute(params: Record<string, string>, ctx: ActionContext<C>): Promise<void>;
  /** Put it back (only when reversible): the calls made, or an ActionCallError. */
  undo?(params: Record<string, string>, ctx: ActionContext<C>): Promise<ProviderCall[]>;
}

// Declaration merging: the Connector gains its actions here, in this block.
export interface Connector<C = unknown> {
  /** What it can revoke, least destructive first. Absent: the source cannot act (its findings plan nothing). */
  revocations?: RevocationAction<C>[];
}
