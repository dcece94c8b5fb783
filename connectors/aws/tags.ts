// What AWS tags declare about an identity: owners, a person's email, expected
// regions and allowed CIDRs. Tag values cannot hold commas, so lists are
// separated by spaces (docs/rules.md "Lists in tags").
import type { AwsTag } from './model.js';
import { redact } from '../../src/util/redact.js';
import { append } from '../../src/util/arrays.js';

const OWNER_KEYS = new Set(['owner', 'owner-email', 'owner_email', 'contact', 'created-by']);
const REGIONS_KEY = 'driftgraph.dev/expected-regions';
const CIDRS_KEY = 'driftgraph.dev/allowed-cidrs';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface TagFacts {
  /** `key=value`, for analysts. */
  tags: string[];
  ownerValues: string[];
  ownerMethods: string[];
  hasOwnerTag: boolean;
  linkValues: string[];
  linkMethods: string[];
  declaredRegions: string[];
  declaredCidrs: string[];
}

export function splitList(value: string): string[] {
  return value.split(/\s+/).filter((v) => v !== '');
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function tagFacts(tags: AwsTag[] | undefined): TagFacts {
  const f: TagFacts = {
    tags: [],
    ownerValues: [],
    ownerMethods: [],
    hasOwnerTag: false,
    linkValues: [],
    linkMethods: [],
    declaredRegions: [],
    declaredCidrs: [],
  };
  for (const { Key, Value } of tags ?? []) {
    // Tags are free text: a `password=` tag must not land in the graph.
    f.tags.push(`${Key}=${redact(Key, Value)}`);
    const key = Key.trim().toLowerCase();
    if (OWNER_KEYS.has(key)) {
      for (const v of splitList(Value)) {
        f.ownerValues.push(v);
        // The method keeps the key as written, so evidence matches the console.
        f.ownerMethods.push(`aws-tag:${Key}`);
        f.hasOwnerTag = true;
      }
    } else if (key === 'email') {
      for (const v of splitList(Value)) addLink(f, `email:${v.toLowerCase()}`, 'aws-tag-email');
    } else if (key === REGIONS_KEY) {
      append(f.declaredRegions, splitList(Value).map((r) => r.toLowerCase()));
    } else if (key === CIDRS_KEY) {
      append(f.declaredCidrs, splitList(Value));
    }
  }
  return f;
}

/** Add a link hint once (a tag email equal to the user name is one hint, two methods kept apart). */
export function addLink(f: Pick<TagFacts, 'linkValues' | 'linkMethods'>, value: string, method: string): void {
  for (let i = 0; i < f.linkValues.length; i++) if (f.linkValues[i] === value && f.linkMethods[i] === method) return;
  f.linkValues.push(value);
  f.linkMethods.push(method);
}
