import { isIP } from 'node:net';

/** Names that reach this machine's loopback interface. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** An address or name as it appears in a Host header: lower case, IPv6 in brackets. */
export function hostName(name: string): string {
  const bare = name.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

/** Whether `host` (as given to listen) is a loopback address or name. */
export function isLoopback(host: string): boolean {
  const name = hostName(host);
  return LOOPBACK_NAMES.includes(name) || /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** Whether `host` means every interface of the machine. */
export function isWildcard(host: string): boolean {
  return ['0.0.0.0', '[::]', '[0:0:0:0:0:0:0:0]'].includes(hostName(host));
}

/**
 * The Host header values a server bound to `host:port` answers (a page on any other name, such as
 * a DNS-rebinding attacker's, gets nothing): the bound name, the loopback names when it listens
 * on loopback or everywhere, the machine's own addresses and name (`machine`) when everywhere, and
 * the names given in `extra`. Each with `:port`, and also without it on port 80, where browsers
 * leave it out.
 */
export function allowedHosts(
  host: string,
  port: number,
  extra: readonly string[],
  machine: readonly string[],
): Set<string> {
  const names = new Set([hostName(host), ...extra.map(hostName)]);
  if (isLoopback(host) || isWildcard(host)) LOOPBACK_NAMES.forEach((n) => names.add(n));
  if (isWildcard(host)) machine.forEach((n) => names.add(hostName(n)));
  const values = new Set<string>();
  for (const name of names) {
    values.add(`${name}:${port}`);
    if (port === 80) values.add(name);
  }
  return values;
}
