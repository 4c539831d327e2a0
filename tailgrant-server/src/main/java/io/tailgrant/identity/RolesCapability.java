package io.tailgrant.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.tailgrant.audit.LogSafe;
import io.tailgrant.grant.CapabilityRoles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads TailGrant's app capability (the {@code server.capability} name, e.g. {@code
 * example.com/cap/tailgrant}) from a WhoIs {@code CapMap}: the tailnet policy file's grants give
 * it, one JSON value per matching grant, each {@code {"requester": [types], "approver": [types],
 * "admin": true|false}} (every key optional). The values add up ({@link CapabilityRoles#union}). A
 * value that is not exactly that shape (unknown key, a type that is no grant type name, a string
 * where a list belongs...) is ignored whole and logged, so a typo never gives a role by accident.
 */
public final class RolesCapability {
  /** At most this many values, and this many types in one list, are read; the rest is ignored. */
  static final int MAX_VALUES = 50;

  static final int MAX_TYPES = 100;

  /** The shape of a grant type's name (as the config requires it). */
  private static final Pattern TYPE_NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

  private static final Set<String> KEYS = Set.of("requester", "approver", "admin");

  /** How many distinct problems are remembered, so each is logged once and not per request. */
  private static final int REMEMBERED = 1000;

  private static final Logger log = LoggerFactory.getLogger(RolesCapability.class);

  private final String name;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /** Reads the capability named {@code name}. */
  public RolesCapability(String name) {
    this.name = name;
  }

  /** The capability's name. */
  public String name() {
    return name;
  }

  /** What the capability gives {@code login}, whose WhoIs said {@code capMap}. */
  public CapabilityRoles read(String login, Map<String, List<JsonNode>> capMap) {
    List<JsonNode> values = capMap == null ? null : capMap.get(name);
    if (values == null || values.isEmpty()) {
      return CapabilityRoles.NONE;
    }
    CapabilityRoles roles = CapabilityRoles.NONE;
    int read = 0;
    for (JsonNode value : values) {
      if (++read > MAX_VALUES) {
        warn(login, "more than " + MAX_VALUES + " values; the rest are ignored", null);
        break;
      }
      Parsed parsed = parse(value);
      if (parsed.problem().isPresent()) {
        warn(login, parsed.problem().get() + "; this value is ignored", value);
      } else {
        roles = roles.union(parsed.roles());
      }
    }
    return roles;
  }

  /** One value's roles, or why it is not a value of this capability. */
  record Parsed(CapabilityRoles roles, Optional<String> problem) {
    static Parsed bad(String why) {
      return new Parsed(CapabilityRoles.NONE, Optional.of(why));
    }
  }

  /** Reads one value; never partly: a value with any problem gives nothing. */
  static Parsed parse(JsonNode value) {
    if (value == null || !value.isObject()) {
      return Parsed.bad("a value must be a JSON object");
    }
    for (Iterator<String> keys = value.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        return Parsed.bad(
            "unknown key '" + key + "' (a value holds requester, approver and admin only)");
      }
    }
    List<String> problems = new ArrayList<>();
    Set<String> requester = types(value.get("requester"), "requester", problems);
    Set<String> approver = types(value.get("approver"), "approver", problems);
    JsonNode admin = value.get("admin");
    if (admin != null && !admin.isBoolean()) {
      problems.add("admin must be true or false");
    }
    if (!problems.isEmpty()) {
      return Parsed.bad(String.join("; ", problems));
    }
    return new Parsed(
        new CapabilityRoles(requester, approver, admin != null && admin.booleanValue()),
        Optional.empty());
  }

  private static Set<String> types(JsonNode list, String key, List<String> problems) {
    Set<String> out = new LinkedHashSet<>();
    if (list == null) {
      return out;
    }
    if (!list.isArray()) {
      problems.add(key + " must be a list of grant type names");
      return out;
    }
    if (list.size() > MAX_TYPES) {
      problems.add(key + " names more than " + MAX_TYPES + " grant types");
      return out;
    }
    for (JsonNode t : list) {
      if (!t.isTextual() || !TYPE_NAME.matcher(t.textValue()).matches()) {
        problems.add(key + " holds something that is no grant type name");
        return out;
      }
      out.add(t.textValue());
    }
    return out;
  }

  /** Logs a problem once (per person, capability and value), quoted and escaped. */
  private void warn(String login, String problem, JsonNode value) {
    String shown = value == null ? "" : value.toString();
    if (logged.size() >= REMEMBERED) {
      logged.clear();
    }
    if (!logged.add(login + "\n" + problem + "\n" + shown)) {
      return;
    }
    log.warn(
        "ignored a value of capability {} for {}: {}{}",
        LogSafe.quote(name),
        LogSafe.quote(login),
        LogSafe.quote(problem),
        value == null ? "" : " value=" + LogSafe.quote(shown));
  }
}
