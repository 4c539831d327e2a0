package io.tailgrant.identity;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network such as {@code 10.42.0.0/16}: which peers may vouch for a caller's
 * address.
 */
public record Cidr(byte[] network, int prefix) {

  /** Parses {@code a.b.c.d/n} or {@code v6::/n}; a bare address is a /32 or /128. */
  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", 2);
    try {
      if (!parts[0].matches("^[0-9A-Fa-f:.]+$")) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an IP network (such as 10.42.0.0/16)");
      }
      byte[] addr = InetAddress.getByName(parts[0]).getAddress();
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : addr.length * 8;
      if (prefix < 0 || prefix > addr.length * 8) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length out of range");
      }
      return new Cidr(addr, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IP network (such as 10.42.0.0/16)");
    }
  }

  public boolean contains(String ip) {
    try {
      String bare = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
      if (!bare.matches("^[0-9A-Fa-f:.]+$")) {
        return false;
      }
      byte[] a = InetAddress.getByName(bare).getAddress();
      if (a.length != network.length) {
        return false;
      }
      int bits = a.length * 8;
      BigInteger mask =
          BigInteger.ONE
              .shiftLeft(bits)
              .subtract(BigInteger.ONE)
              .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
      return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
