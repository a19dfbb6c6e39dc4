import { isIPv4, isIPv6 } from "node:net";

/** The eight 16-bit groups of an IPv6 address (zone id and brackets already removed), or null. */
function hextets(ip: string): number[] | null {
  let s = ip;
  const tail: number[] = [];
  // An embedded IPv4 address in the last 32 bits (::ffff:192.0.2.1).
  const v4 = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    if (!isIPv4(v4[2]!)) return null;
    const [a, b, c, d] = v4[2]!.split(".").map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    s = v4[1]!.endsWith("::") ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((h) => Number.parseInt(h, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - tail.length - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest, ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The key a per-IP rate limit counts a client under. One person easily holds a whole IPv6 /64
 * (every host on a network, privacy addresses that rotate), so IPv6 addresses count by their /64
 * network; an IPv4-mapped IPv6 address (::ffff:192.0.2.1, how a dual-stack socket reports an
 * IPv4 client) counts as the IPv4 address. Zone ids (%eth0) and brackets are dropped; anything
 * that is no IP address is kept as it is (lowercased, at most 64 characters).
 */
export function addressKey(raw: string): string {
  let ip = raw.trim().toLowerCase();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]"));
  const zone = ip.indexOf("%");
  if (zone >= 0 && ip.includes(":")) ip = ip.slice(0, zone);
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return raw.trim().toLowerCase().slice(0, 64);
  const g = hextets(ip);
  if (!g) return ip;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join(".");
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}
