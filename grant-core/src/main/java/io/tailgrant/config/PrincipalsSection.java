package io.tailgrant.config;

import io.tailgrant.grant.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads {@code groups} and {@code admins}, and checks any list of principals against them. */
final class PrincipalsSection {
  private static final Pattern GROUP = Pattern.compile("^group:[A-Za-z0-9][A-Za-z0-9._-]*$");

  private PrincipalsSection() {}

  /** The groups, by name, each with its member logins. */
  static Map<String, List<String>> groups(ConfigNode root) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    ConfigNode g = root.object("groups", false);
    if (g == null) {
      return groups;
    }
    for (var it = g.keys(); it.hasNext(); ) {
      String key = it.next();
      if (!GROUP.matcher(key).matches()) {
        g.problem(key, "group names look like group:sre");
      }
      List<String> members = g.strings(key, true);
      for (String m : members) {
        if (!m.contains("@")) {
          g.problem(key, "'" + m + "' is not a login (groups hold logins such as bob@example.com)");
        }
      }
      groups.put(key, members);
    }
    return groups;
  }

  /** The admins: logins and groups, never autogroup:member. */
  static List<String> admins(ConfigNode root, Map<String, List<String>> groups) {
    List<String> admins = root.strings("admins", false);
    check(root, "admins", admins, groups, false);
    return admins;
  }

  /** Each principal must be a login, a defined group or (when allowed) autogroup:member. */
  static void check(
      ConfigNode n,
      String key,
      List<String> principals,
      Map<String, List<String>> groups,
      boolean allowAny) {
    for (String p : principals) {
      if (p.startsWith("group:")) {
        if (!groups.containsKey(p)) {
          n.problem(key, "'" + p + "' is not defined under groups");
        }
      } else if (p.equals(Policy.ANY_MEMBER)) {
        if (!allowAny) {
          n.problem(key, "'" + p + "' is not allowed here");
        }
      } else if (!p.contains("@")) {
        n.problem(
            key,
            "'"
                + p
                + "' must be a login (user@example.com), a group:name"
                + (allowAny ? " or autogroup:member" : ""));
      }
    }
  }

  /** How many distinct people the principals name, groups expanded to their members. */
  static long people(List<String> principals, Map<String, List<String>> groups) {
    return principals.stream()
        .flatMap(
            p -> p.startsWith("group:") ? groups.getOrDefault(p, List.of()).stream() : Stream.of(p))
        .distinct()
        .count();
  }
}
