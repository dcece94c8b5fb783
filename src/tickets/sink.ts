// A sink is where remediation tickets live: GitHub Issues, Jira Cloud, a
// webhook. Each implements this one interface and runs one shared contract
// test (test/tickets/sink-contract.ts). A sink renders the ticket document in
// its own markup, so escaping lives with the markup, never with the caller.
import type { SinkName } from './config.js';
import type { Block, Inline } from './ticket-doc.js';
import type { TicketState } from './marker.js';

export type { TicketState };

/** Where a new ticket goes: a repo (GitHub) or a project and issue type (Jira). */
export interface TicketTarget {
  repo?: string;
  project?: string;
  issueType?: string;
}

/** One ticket as the sink holds it, found by the marker in its text. */
export interface RemoteTicket {
  key: string;
  ref: string;
  url: string | null;
  /** Open in the sink (GitHub state open; Jira status category not done). */
  open: boolean;
  closedAt: string | null;
  /** The state the marker records: what driftgraph last wrote. */
  state: TicketState;
  digest: string;
}

/** The ticket driftgraph wants, rendered by each sink in its markup. */
export interface TicketContent {
  /** `f_…` (one finding) or `g_…` (a group): the marker. */
  key: string;
  state: TicketState;
  /** Hash of the open ticket's title and body: a change means "update". */
  digest: string;
  title: string;
  body: Block[];
  /** GitHub logins of person owners (linked accounts). */
  githubLogins: string[];
  /** Emails of person owners (Jira accounts are looked up from these). */
  ownerEmails: string[];
  severity: string;
  /** The contract JSON of the findings, for sinks that carry data (webhook). */
  findings: unknown[];
}

export type CloseReason = 'resolved' | 'excepted';

export interface Sink {
  readonly name: SinkName;
  /** Every driftgraph ticket in these targets, or null when the sink cannot be searched (a webhook). */
  find(targets: TicketTarget[]): Promise<RemoteTicket[] | null>;
  open(target: TicketTarget, ticket: TicketContent): Promise<{ ref: string; url: string | null }>;
  update(ref: string, ticket: TicketContent): Promise<void>;
  /** Comment, then close: `resolved` as done, `excepted` as not planned / won't do. */
  close(ref: string, ticket: TicketContent, comment: Inline[], reason: CloseReason): Promise<void>;
  /** Update the text, comment, then reopen. */
  reopen(ref: string, ticket: TicketContent, comment: Inline[]): Promise<void>;
  /** A comment only (a revocation planned, sent, undone or verified): the ticket's state and text stay. `key` is its marker key. */
  comment(ref: string, key: string, comment: Inline[]): Promise<void>;
}

/** A failed sink call, named: `github POST /repos/acme/x/issues: status 503`. */
export class SinkCallError extends Error {
  constructor(
    readonly sink: SinkName,
    readonly call: string,
    readonly status: number | string | null,
    detail?: string,
  ) {
    super(`${sink} ${call}: ${status !== null ? `status ${status}` : 'failed'}${detail ? ` (${detail})` : ''}`);
    this.name = 'SinkCallError';
  }
}
