import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A webhook target that may not be called (not public, not allowed, not resolvable, not http). */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
}

// Addresses a webhook may never reach unless the allow-list says so: unspecified, loopback,
// private, shared (CGNAT), link-local, documentation/benchmark, multicast, reserved; in IPv6
// anything outside global unicast 2000::/3 (unique-local, link-local, multicast, …), the IETF
// protocol block 2001::/23 and the documentation prefixes. The translation prefixes that embed
// an IPv4 address for another host (IPv4-compatible, NAT64, 6to4, Teredo) are refused whole, and
// their embedded addresses are checked as well (see `ipv4Of`).
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}
// Only global unicast (2000::/3) is ever public; the rest of IPv6 is reserved or special.
const GLOBAL_V6 = new BlockList();
GLOBAL_V6.addSubnet('2000::', 3, 'ipv6');

const v4 = (b: readonly number[], at: number) => b.slice(at, at + 4).join('.');
const zeros = (b: readonly number[], from: number, to: number) =>
  b.slice(from, to).every((x) => x === 0);

/**
 * The IPv4 addresses an IPv6 address embeds: `same` when it stands for that IPv4 host itself
 * (IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`), `other` for the
 * translation and tunnel forms (IPv4-compatible `::a.b.c.d`, NAT64 64:ff9b::/96 and
 * 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32 server and client).
 */
export function ipv4Of(address: string): { same: string | null; other: string[] } {
  if (!ipaddr.IPv6.isValid(address)) return { same: null, other: [] };
  const b = ipaddr.IPv6.parse(address).toByteArray();
  const w = (i: number) => (b[i]! << 8) | b[i + 1]!;
  if (zeros(b, 0, 10) && w(10) === 0xffff) return { same: v4(b, 12), other: [] };
  if (zeros(b, 0, 8) && w(8) === 0xffff && w(10) === 0) return { same: v4(b, 12), other: [] };
  if (zeros(b, 0, 12)) return { same: null, other: [v4(b, 12)] };
  if (w(0) === 0x64 && w(2) === 0xff9b && zeros(b, 4, 12)) {
    return { same: null, other: [v4(b, 12)] };
  }
  if (w(0) === 0x64 && w(2) === 0xff9b && w(4) === 1) {
    // RFC 6052 /48: the address in bits 48–63 and 72–87 (bits 64–71 are the u-octet).
    return { same: null, other: [[b[6], b[7], b[9], b[10]].join('.'), v4(b, 12)] };
  }
  if (w(0) === 0x2002) return { same: null, other: [v4(b, 2)] };
  if (w(0) === 0x2001 && w(2) === 0) {
    const client = b.slice(12, 16).map((x) => x ^ 0xff);
    return { same: null, other: [v4(b, 4), client.join('.')] };
  }
  return { same: null, other: [] };
}

function forbidden(a: string, family: number): boolean {
  return FORBIDDEN.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * True for an address that is not publicly routable (private, loopback, link-local, …), or an
 * IPv6 address embedding one (every IPv4-in-IPv6 form, see `ipv4Of`).
 */
export function isForbiddenAddress(address: string): boolean {
  const a = address.toLowerCase();
  const family = isIP(a);
  if (family === 0) return true;
  if (family === 4) return forbidden(a, 4);
  const { same, other } = ipv4Of(a);
  if (same !== null) return forbidden(same, 4);
  return !GLOBAL_V6.check(a, 'ipv6') || forbidden(a, 6) || other.some((x) => forbidden(x, 4));
}

/** The parsed `RCPX_WEBHOOK_ALLOW`: host names (`*.example.org` allowed) and IPs/CIDRs. */
export interface AllowList {
  allowsHost(hostname: string): boolean;
  allowsAddress(address: string): boolean;
}

/** Parses allow-list entries: `host`, `*.domain`, `ip`, `ip/prefix`. Bad entries are ignored. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const nets = new BlockList();
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, '');
    if (entry === '') continue;
    const [ip, prefix] = entry.split('/');
    const family = isIP(ip ?? '');
    if (family !== 0) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const max = family === 4 ? 32 : 128;
      const bits = prefix === undefined ? max : Number(prefix);
      if (Number.isInteger(bits) && bits >= 0 && bits <= max) nets.addSubnet(ip!, bits, type);
    } else if (entry.startsWith('*.')) {
      suffixes.push(entry.slice(1));
    } else {
      hosts.add(entry.replace(/\.$/, ''));
    }
  }
  return {
    allowsHost(hostname) {
      const h = hostname.toLowerCase().replace(/\.$/, '');
      return hosts.has(h) || suffixes.some((s) => h.endsWith(s));
    },
    allowsAddress(address) {
      const a = address.toLowerCase();
      const family = isIP(a);
      if (family === 0) return false;
      if (nets.check(a, family === 4 ? 'ipv4' : 'ipv6')) return true;
      // IPv4-mapped and -translated addresses are that IPv4 host: an allowed IPv4 allows them.
      const same = family === 6 ? ipv4Of(a).same : null;
      return same !== null && nets.check(same, 'ipv4');
    },
  };
}

const REFUSED =
  'resolves to a private, loopback, link-local or otherwise non-public address; ' +
  'only RCPX_WEBHOOK_ALLOW can permit it';

/** Throws TargetRefusedError unless every address is public or allowed. */
export function assertAddresses(
  hostname: string,
  addresses: readonly string[],
  allow: AllowList,
): void {
  if (addresses.length === 0) throw new TargetRefusedError(`${hostname} has no address`);
  if (allow.allowsHost(hostname)) return;
  for (const a of addresses) {
    if (isForbiddenAddress(a) && !allow.allowsAddress(a)) {
      throw new TargetRefusedError(`The target host ${REFUSED}.`);
    }
  }
}

/** A target URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** How long resolving a target host may take. */
const RESOLVE_TIMEOUT_MS = 5_000;

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new TargetRefusedError('The target host could not be resolved in time.')),
      RESOLVE_TIMEOUT_MS,
    );
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
      clearTimeout(timer);
      if (err) reject(new TargetRefusedError(`The target host cannot be resolved (${err.code}).`));
      else resolve(addresses);
    });
  });
}

/**
 * Checks a webhook target: http(s), no credentials, and every address its host resolves to is
 * public or allowed. Throws TargetRefusedError with a message fit for the subscriber.
 */
export async function checkTarget(raw: string, allow: AllowList): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefusedError('The target is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetRefusedError('The target must be an http or https URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new TargetRefusedError('The target URL may not carry credentials.');
  }
  const host = hostOf(url);
  if (isIP(host) !== 0) return assertAddresses(host, [host], allow);
  const addresses = await resolveAll(host);
  assertAddresses(
    host,
    addresses.map((a) => a.address),
    allow,
  );
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http.request` that resolves, refuses any non-public address (unless allowed)
 * and connects only to the addresses it checked: no DNS rebinding between check and connect.
 */
export function guardedLookup(allow: AllowList) {
  return (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions,
    callback: LookupCallback,
  ): void => {
    resolveAll(hostname).then(
      (addresses) => {
        try {
          assertAddresses(
            hostname,
            addresses.map((a) => a.address),
            allow,
          );
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', 0);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = wanted ? addresses.filter((a) => a.family === wanted) : addresses;
        if (options.all) callback(null, usable);
        else if (usable[0]) callback(null, usable[0].address, usable[0].family);
        else callback(new TargetRefusedError(`${hostname} has no usable address`), '', 0);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}
