// Successful sign-ins grouped per (person's email, country, device) while the
// log is read, as the graph keeps them: memory holds one entry per group, not
// one per event, however long the log.
import type { EntraUser, SignInEvent } from './model.js';

export interface SignInGroup {
  /** `<email>|<country>|<device>`, `-` for an unknown part. */
  id: string;
  email: string;
  first: SignInEvent;
  last: SignInEvent;
  events: number;
}

export class SignInGroups {
  readonly groups = new Map<string, SignInGroup>();
  private readonly userById: Map<string, EntraUser>;
  /** Sign-ins with no user the directory knows and no UPN: nobody to tie them to. */
  noActor = 0;

  constructor(users: EntraUser[]) {
    this.userById = new Map(users.map((u) => [u.id, u]));
  }

  add(e: SignInEvent): void {
    const user = e.userId ? this.userById.get(e.userId) : undefined;
    // The person is found by email: the user's mail when the directory has it, else the sign-in's UPN.
    const email = (user?.mail ?? user?.userPrincipalName ?? e.userPrincipalName)?.toLowerCase();
    if (!email) {
      this.noActor++;
      return;
    }
    const id = `${email}|${e.country ?? '-'}|${e.deviceId ?? '-'}`;
    const g = this.groups.get(id);
    if (!g) this.groups.set(id, { id, first: e, last: e, email, events: 1 });
    else {
      g.events++;
      if (e.createdAt < g.first.createdAt) g.first = e;
      if (e.createdAt >= g.last.createdAt) g.last = e;
    }
  }
}
