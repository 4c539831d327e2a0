package io.tailgrant.tailnet;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link TailscaleApi}: devices, their tags and posture attributes, a log of every
 * call, and failures scripted per operation.
 */
final class FakeTailscaleApi implements TailscaleApi {

  /** One recorded write. */
  record Write(
      String op,
      String nodeId,
      String key,
      Object value,
      Instant expiry,
      String comment,
      List<String> tags) {}

  private final Map<String, TailscaleDevice> devices = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> attributes = new HashMap<>();
  private final Map<String, Map<String, String>> expiries = new HashMap<>();
  private final Map<String, Deque<TailscaleApiException>> failures = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  final List<Write> writes = new ArrayList<>();

  FakeTailscaleApi addDevice(String nodeId, String user, List<String> tags) {
    devices.put(
        nodeId,
        new TailscaleDevice(
            "id-" + nodeId,
            nodeId,
            nodeId + ".tailfe8c.ts.net",
            nodeId,
            user,
            tags,
            List.of("100.64.0." + (devices.size() + 1))));
    attributes.putIfAbsent(nodeId, new LinkedHashMap<>());
    expiries.putIfAbsent(nodeId, new LinkedHashMap<>());
    return this;
  }

  /** Sets an attribute directly, as if someone else (or an earlier sync) had written it. */
  FakeTailscaleApi putAttribute(String nodeId, String key, Object value, String expiry) {
    attributes.get(nodeId).put(key, value);
    if (expiry != null) {
      expiries.get(nodeId).put(key, expiry);
    } else {
      expiries.get(nodeId).remove(key);
    }
    return this;
  }

  /**
   * The next call of {@code op} (getDevice, setTags, getAttributes, setAttribute, deleteAttribute)
   * throws.
   */
  FakeTailscaleApi failNext(String op, int status, String message) {
    failures
        .computeIfAbsent(op, k -> new ArrayDeque<>())
        .add(new TailscaleApiException(status, op + ": " + message + " (" + status + ")", null));
    return this;
  }

  FakeTailscaleApi failNext(String op, TailscaleApiException e) {
    failures.computeIfAbsent(op, k -> new ArrayDeque<>()).add(e);
    return this;
  }

  List<String> tags(String nodeId) {
    return devices.get(nodeId).tags();
  }

  Map<String, Object> attributes(String nodeId) {
    return Map.copyOf(attributes.get(nodeId));
  }

  Map<String, String> expiries(String nodeId) {
    return Map.copyOf(expiries.get(nodeId));
  }

  private void enter(String op, String nodeId) {
    calls.add(op + " " + nodeId);
    Deque<TailscaleApiException> q = failures.get(op);
    if (q != null && !q.isEmpty()) {
      throw q.poll();
    }
  }

  private TailscaleDevice device(String nodeId) {
    TailscaleDevice d = devices.get(nodeId);
    if (d == null) {
      throw new TailscaleApiException(404, "device not found (404)", null);
    }
    return d;
  }

  @Override
  public synchronized List<TailscaleDevice> listDevices() {
    calls.add("listDevices");
    return List.copyOf(devices.values());
  }

  @Override
  public synchronized TailscaleDevice getDevice(String nodeId) {
    enter("getDevice", nodeId);
    return device(nodeId);
  }

  @Override
  public synchronized void setTags(String nodeId, List<String> tags) {
    enter("setTags", nodeId);
    TailscaleDevice d = device(nodeId);
    if (d.isTagged() && tags.isEmpty()) {
      throw new TailscaleApiException(
          400, "cannot remove all tags from a tagged device (400)", null);
    }
    writes.add(new Write("setTags", nodeId, null, null, null, null, List.copyOf(tags)));
    // Tagging a user-owned device drops its user, as Tailscale does.
    devices.put(
        nodeId,
        new TailscaleDevice(
            d.id(),
            d.nodeId(),
            d.name(),
            d.hostname(),
            tags.isEmpty() ? d.user() : "tagged-devices",
            tags,
            d.addresses()));
  }

  @Override
  public synchronized PostureAttributes getAttributes(String nodeId) {
    enter("getAttributes", nodeId);
    device(nodeId);
    return new PostureAttributes(attributes.get(nodeId), expiries.get(nodeId));
  }

  @Override
  public synchronized void setAttribute(
      String nodeId, String key, Object value, Instant expiry, String comment) {
    enter("setAttribute", nodeId);
    device(nodeId);
    writes.add(new Write("setAttribute", nodeId, key, value, expiry, comment, null));
    putAttribute(nodeId, key, value, expiry == null ? null : expiry.toString());
  }

  @Override
  public synchronized void deleteAttribute(String nodeId, String key) {
    enter("deleteAttribute", nodeId);
    device(nodeId);
    writes.add(new Write("deleteAttribute", nodeId, key, null, null, null, null));
    attributes.get(nodeId).remove(key);
    expiries.get(nodeId).remove(key);
  }
}
