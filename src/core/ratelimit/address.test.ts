import { describe, expect, it } from "vitest";
import { addressKey } from "./address.js";

describe("addressKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey(" 203.0.113.7 ")).toBe("203.0.113.7");
  });

  it("groups IPv6 addresses by their /64, whether compressed, full, upper case or with leading zeros", () => {
    const key = "2001:db8:aa:1::/64";
    for (const ip of [
      "2001:db8:aa:1::1",
      "2001:db8:aa:1:0:0:0:1",
      "2001:0db8:00aa:0001:0000:0000:0000:0001",
      "2001:DB8:AA:1:FFFF:FFFF:FFFF:FFFF",
      "2001:db8:aa:1:1234::",
      "2001:db8:aa:1::",
      "[2001:db8:aa:1::9]",
      "2001:db8:aa:1:a:b:1.2.3.4",
    ])
      expect(addressKey(ip), ip).toBe(key);
    expect(addressKey("2001:db8:aa:2::1")).toBe("2001:db8:aa:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::")).toBe("0:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1:2:3:4")).toBe("fe80:0:0:0::/64");
  });

  it("drops a zone id", () => {
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("fe80::abcd%25en0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("[fe80::1%lo0]")).toBe("fe80:0:0:0::/64");
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address, in dotted or hex form", () => {
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::FFFF:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("0:0:0:0:0:ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(addressKey("[::ffff:203.0.113.7]")).toBe("203.0.113.7");
    // Only ::ffff:0:0/96 is mapped; other IPv6 addresses with an IPv4 tail stay IPv6.
    expect(addressKey("64:ff9b::203.0.113.7")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("::203.0.113.7")).toBe("0:0:0:0::/64");
  });

  it("keeps anything that is no IP address, bounded", () => {
    expect(addressKey("local")).toBe("local");
    expect(addressKey("Not An IP")).toBe("not an ip");
    expect(addressKey("x".repeat(500))).toHaveLength(64);
    expect(addressKey("2001:db8:::1")).toBe("2001:db8:::1");
    expect(addressKey("::ffff:999.1.1.1")).toBe("::ffff:999.1.1.1");
  });
});
