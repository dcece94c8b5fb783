// IP and CIDR matching for connectors (CloudTrail source IPs, Okta sign-ins):
// the one definition lives in the core, which the derive step also uses.
export { cidrRange, inCidrs, ipKey } from '../../src/util/ip.js';
