import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** A webhook target that may not be called (not public, not allowed, not resolvable, not http). */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
}

// Addresses a webhook may never reach unless the allow-list says so: unspecified, loopback,
// private, shared (CGNAT), link-local, documentation/benchmark, multicast, reserved and the
// IPv6 unique-local, site-local, link-local and multicast ranges. Translation prefixes that embed
// an IPv4 address (NAT64, 6to4, IPv4-compatible) are refused whole.
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
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

const MAPPED = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i;

/** `::ffff:a.b.c.d` (either spelling) → `a.b.c.d`; anything else unchanged. */
function unmap(address: string): string {
  const m = MAPPED.exec(address);
  if (!m) return address;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** True for an address that is not publicly routable (private, loopback, link-local, …). */
export function isForbiddenAddress(address: string): boolean {
  const a = unmap(address.toLowerCase());
  const family = isIP(a);
  if (family === 0) return true;
  return FORBIDDEN.check(a, family === 4 ? 'ipv4' : 'ipv6');
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
      const a = unmap(address.toLowerCase());
      const family = isIP(a);
      return family !== 0 && nets.check(a, family === 4 ? 'ipv4' : 'ipv6');
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
