package io.tailgrant.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The links under a paged table: older (the next page), newer (the page before) and the first. Page
 * tokens only lead forward, so a page's address carries the tokens of the pages before it ({@code
 * back}, at most {@link #MAX_BACK}; past that, newer is the first page).
 */
record Pager(String older, String newer, String first) {
  static final int MAX_BACK = 10;

  /**
   * The links of the page at {@code path} with query {@code params} (the filters, kept), reached
   * with {@code token} after the pages in {@code back}, whose next page is {@code next}.
   */
  static Pager of(String path, Map<String, String> params, String token, String back, String next) {
    List<String> before = parseBack(back);
    String q = query(params);
    String first = q.isEmpty() ? path : path + "?" + q;
    String base = q.isEmpty() ? path + "?" : path + "?" + q + "&";
    String older = null;
    if (next != null) {
      List<String> trail = new ArrayList<>(before);
      trail.add(token == null ? "" : token);
      while (trail.size() > MAX_BACK) {
        trail.remove(0);
      }
      older = base + "pageToken=" + enc(next) + "&back=" + enc(String.join(".", trail));
    }
    String newer = null;
    if (token != null) {
      if (before.isEmpty() || before.get(before.size() - 1).isEmpty()) {
        newer = first;
      } else {
        List<String> trail = before.subList(0, before.size() - 1);
        newer =
            base
                + "pageToken="
                + enc(before.get(before.size() - 1))
                + (trail.isEmpty() ? "" : "&back=" + enc(String.join(".", trail)));
      }
    }
    return new Pager(older, newer, token == null ? null : first);
  }

  private static List<String> parseBack(String back) {
    if (back == null || !back.matches("[A-Za-z0-9_.-]{0,40000}")) {
      return List.of();
    }
    List<String> all = new ArrayList<>(Arrays.asList(back.split("\\.", -1)));
    while (all.size() > MAX_BACK) {
      all.remove(0);
    }
    return all;
  }

  private static String query(Map<String, String> params) {
    List<String> parts = new ArrayList<>();
    params.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            parts.add(k + "=" + enc(v));
          }
        });
    return String.join("&", parts);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
