// N4: where Flightdeck may send a request (and the secrets that go with it). Every outbound
// target is checked after DNS resolution: loopback, private, link-local, carrier-grade NAT,
// unspecified, multicast and cloud-metadata addresses are refused unless the operator allows
// private targets (FLIGHTDECK_ALLOW_PRIVATE_TARGETS=true) or the origin is one Flightdeck
// started itself (the in-process demo sandboxes, allowed by name).
import type { LookupAddress } from 'node:dns';
import dns from 'node:dns/promises';
import net from 'node:net';
import { Agent } from 'undici';
import { AppError } from '#src/lib/app-error';

export type OutboundPolicy = {
  allowPrivate: boolean;
  /** Origins (scheme://host:port) allowed whatever they resolve to. */
  allowedOrigins: Set<string>;
};

export const createOutboundPolicy = (options: { allowPrivate?: boolean; allowedOrigins?: Iterable<string> } = {}): OutboundPolicy => ({
  allowPrivate: options.allowPrivate ?? false,
  allowedOrigins: new Set(options.allowedOrigins ?? []),
});

const refused = (target: string, why: string) =>
  new AppError('invalid_state', `Flightdeck does not send requests to ${target}: ${why}.`, {
    reason: 'outbound_target_refused',
  });

const V4_BLOCKS: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const blockList = new net.BlockList();
for (const [address, prefix] of V4_BLOCKS) {
  blockList.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fd00:ec2::', 32],
] as [string, number][]) {
  blockList.addSubnet(address, prefix, 'ipv6');
}

/** True for addresses no public service lives at (IPv4-mapped IPv6 checked as IPv4). */
export const isPrivateAddress = (address: string) => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) {
    return blockList.check(mapped, 'ipv4');
  }
  return blockList.check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
};

/** The URL parsed and checked, or an AppError naming why it is refused. */
/**
 * Names under `.localhost` are the loopback (RFC 6761 §6.3), as browsers resolve them, whatever
 * the system resolver says; everything else goes to the system resolver. (Issue 15: the sandbox
 * plays ConnectWise cloud's two hosts as na. and api-na.myconnectwise.localhost.)
 */
const lookupAll = (hostname: string, options: object = {}): Promise<LookupAddress[]> =>
  hostname === 'localhost' || hostname.endsWith('.localhost')
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    : dns.lookup(hostname, { ...options, all: true });

export const checkOutboundUrl = async (policy: OutboundPolicy, raw: string): Promise<URL> => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('an invalid URL', 'it is not an absolute URL');
  }
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refused(shown, 'only http and https are used');
  }
  if (url.username || url.password) {
    throw refused(shown, 'credentials in a URL are not sent');
  }
  if (raw.includes('#')) {
    throw refused(shown, 'a URL with a fragment would drop the path Flightdeck appends');
  }
  if (policy.allowPrivate || policy.allowedOrigins.has(url.origin)) {
    return url;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [host] : (await lookupAll(host).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) {
    throw refused(shown, 'the host name does not resolve');
  }
  const inside = addresses.find(isPrivateAddress);
  if (inside) {
    throw refused(
      shown,
      `it resolves to ${inside}, a loopback, private, link-local or metadata address (set FLIGHTDECK_ALLOW_PRIVATE_TARGETS=true to allow)`,
    );
  }
  return url;
};

/**
 * For non-HTTP protocols (IMAP): the host checked the same way, and the address to connect to.
 * Connecting to the checked address (with the name kept for TLS) leaves no second lookup that
 * could answer differently.
 */
export const resolveOutboundHost = async (policy: OutboundPolicy, host: string, port: number): Promise<string> => {
  await checkOutboundUrl(policy, `https://${net.isIPv6(host) ? `[${host}]` : host}:${port}/`);
  if (net.isIP(host)) {
    return host;
  }
  const addresses = await lookupAll(host).catch(() => []);
  const usable = policy.allowPrivate ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
  const first = usable[0];
  if (!first) {
    throw refused(host, 'the host name does not resolve to an address Flightdeck may reach');
  }
  return first.address;
};

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An HTTP dispatcher whose connections resolve names through the policy: the address checked is
 * the address connected to, so a name that resolves to a public address for the check and to a
 * private one for the connection (DNS rebinding) is refused at connect time.
 */
export const createGuardedDispatcher = (policy: OutboundPolicy) =>
  new Agent({
    connect: {
      lookup: (hostname: string, options: object, callback: LookupCallback) => {
        lookupAll(hostname, options)
          .then((addresses) => {
            const allowedByName = [...policy.allowedOrigins].some((origin) => new URL(origin).hostname === hostname);
            const inside = policy.allowPrivate || allowedByName ? undefined : addresses.find((a) => isPrivateAddress(a.address));
            if (inside) {
              callback(Object.assign(new Error(`refused: ${hostname} resolves to ${inside.address}`), { code: 'EREFUSEDTARGET' }), []);
              return;
            }
            if ((options as { all?: boolean }).all) {
              callback(null, addresses);
            } else {
              callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
            }
          })
          .catch((error: NodeJS.ErrnoException) => callback(error, []));
      },
    },
  });
