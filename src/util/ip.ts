// IPv4 and IPv6 addresses and CIDR ranges as fixed-width hex strings (32 hex
// digits; IPv4 as the IPv4-mapped IPv6 address ::ffff:a.b.c.d). Equal-width
// hex compares the same as the numbers it spells, as a plain string, on both
// stores, and IPv6 does not fit a float: so rules compare these strings.
import { isIP } from 'node:net';

function v4Bytes(ip: string): number[] | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function v6Bytes(ip: string): number[] | null {
  let text = ip.split('%')[0]!; // zone id
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = v4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    text = text.slice(0, lastColon) + ':0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** 16 bytes of an IPv4 or IPv6 address; null for anything else (a host name, garbage). */
export function ipBytes(ip: string): number[] | null {
  const s = ip.trim();
  const kind = isIP(s.split('%')[0]!);
  if (kind === 4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...v4Bytes(s)!];
  if (kind === 6) return v6Bytes(s);
  return null;
}

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

/** The address as 32 hex digits, or null when it is not an IP address. */
export function ipKey(ip: string): string | null {
  const b = ipBytes(ip);
  return b ? hex(b) : null;
}

/** `10.0.0.0/8` or `2001:db8::/32` -> [lo, hi] as ipKey strings; null when not a CIDR. */
export function cidrRange(cidr: string): [string, string] | null {
  const [addr, bitsText, extra] = cidr.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const bytes = ipBytes(addr);
  if (!bytes) return null;
  const v4 = isIP(addr) === 4;
  const max = v4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (bits > max) return null;
  const prefix = (v4 ? 96 : 0) + bits;
  const lo = bytes.slice();
  const hi = bytes.slice();
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    lo[i] = bytes[i]! & mask;
    hi[i] = (bytes[i]! & mask) | (~mask & 0xff);
  }
  return [hex(lo), hex(hi)];
}

/** True when `ip` lies in one of `cidrs`. */
export function inCidrs(ip: string, cidrs: string[]): boolean {
  const k = ipKey(ip);
  if (!k) return false;
  return cidrs.some((c) => {
    const r = cidrRange(c);
    return r !== null && k >= r[0] && k <= r[1];
  });
}
