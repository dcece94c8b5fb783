// IP and CIDR matching, defined once for CloudTrail, the derive step and Okta.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrRange, inCidrs, ipKey } from '../src/util/ip.js';

test('IPv4 and IPv6 addresses inside and outside CIDRs', () => {
  assert.ok(inCidrs('10.1.2.3', ['10.0.0.0/8']));
  assert.ok(!inCidrs('11.1.2.3', ['10.0.0.0/8']));
  assert.ok(inCidrs('203.0.113.7', ['203.0.113.7']));
  assert.ok(inCidrs('2001:db8::1', ['2001:db8::/32']));
  assert.ok(!inCidrs('2001:db9::1', ['2001:db8::/32']));
  assert.ok(inCidrs('::ffff:10.0.0.1', ['10.0.0.0/8']), 'an IPv4-mapped IPv6 address is its IPv4 address');
  assert.ok(inCidrs('fe80::1%eth0', ['fe80::/10']), 'a zone id is ignored');
  assert.ok(!inCidrs('10.0.0.1', ['2001:db8::/32']));
});

test('host names and garbage are no address and match nothing', () => {
  for (const bad of ['signin.amazonaws.com', 'AWS Internal', '', '1.2.3', '300.1.1.1', '1::2::3']) {
    assert.equal(ipKey(bad), null, bad);
    assert.ok(!inCidrs(bad, ['0.0.0.0/0', '::/0']), bad);
  }
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x', 'x/8', '10.0.0.0/8/9']) assert.equal(cidrRange(bad), null, bad);
});

test('ranges compare as strings in address order', () => {
  const [lo, hi] = cidrRange('192.168.0.0/16')!;
  assert.ok(lo < ipKey('192.168.10.1')! && ipKey('192.168.10.1')! < hi);
  assert.ok(ipKey('192.169.0.0')! > hi);
  assert.equal(cidrRange('0.0.0.0/0')![1], '00000000000000000000ffffffffffff');
});
