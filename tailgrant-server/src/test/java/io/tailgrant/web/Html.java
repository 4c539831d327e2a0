package io.tailgrant.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough HTML reading for the page tests, over the server's own (Thymeleaf, well-formed)
 * output: elements by id, a select's options, links to grants, text with tags stripped.
 */
final class Html {
  private Html() {}

  /**
   * An option of a select: its value, its (unescaped) text and whether it carries {@code selected}.
   */
  record Option(String value, String text, boolean selected) {}

  private static final Pattern OPTION =
      Pattern.compile("<option\\b([^>]*)>(.*?)</option>", Pattern.DOTALL);
  private static final Pattern GRANT_LINK = Pattern.compile("href=\"/grants/(g-[a-z0-9]+)\"");

  /** Whether some element carries {@code id="id"}. */
  static boolean hasId(String body, String id) {
    return body.contains("id=\"" + id + "\"");
  }

  /** The start tag of the element with {@code id}, or null. */
  static String startTag(String body, String id) {
    Matcher m =
        Pattern.compile("<[a-zA-Z0-9]+\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>")
            .matcher(body);
    return m.find() ? m.group() : null;
  }

  /** An attribute of a start tag (unescaped), or null. */
  static String attr(String startTag, String name) {
    if (startTag == null) {
      return null;
    }
    Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(startTag);
    return m.find() ? unescape(m.group(1)) : null;
  }

  /**
   * The text (tags stripped, unescaped, whitespace collapsed) of the element with {@code id};
   * assumes no nested same-name element.
   */
  static String textOf(String body, String id) {
    Matcher m =
        Pattern.compile(
                "<([a-zA-Z0-9]+)\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>",
                Pattern.DOTALL)
            .matcher(body);
    return m.find() ? text(m.group(2)) : null;
  }

  /**
   * The inner HTML of the first {@code <tag ...>} whose start tag holds {@code marker}, up to its
   * matching close (no nesting).
   */
  static String inner(String body, String tag, String marker) {
    Matcher m =
        Pattern.compile(
                "<" + tag + "\\b[^>]*" + Pattern.quote(marker) + "[^>]*>(.*?)</" + tag + ">",
                Pattern.DOTALL)
            .matcher(body);
    return m.find() ? m.group(1) : null;
  }

  /** The options of {@code <select id="id">}, in order; empty when there is no such select. */
  static List<Option> options(String body, String id) {
    String inside = inner(body, "select", "id=\"" + id + "\"");
    List<Option> out = new ArrayList<>();
    if (inside == null) {
      return out;
    }
    Matcher m = OPTION.matcher(inside);
    while (m.find()) {
      String attrs = " " + m.group(1);
      out.add(
          new Option(
              attr(attrs, "value"),
              text(m.group(2)),
              attrs.matches("(?s).*\\sselected(=\"[^\"]*\")?(\\s.*|$)")));
    }
    return out;
  }

  /** What a browser would submit for the select: the option marked selected, else the first. */
  static Option chosen(List<Option> options) {
    return options.stream()
        .filter(Option::selected)
        .findFirst()
        .orElse(options.isEmpty() ? null : options.get(0));
  }

  /** Grant ids linked from the page, in order of first appearance. */
  static List<String> grantLinks(String body) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    Matcher m = GRANT_LINK.matcher(body);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return List.copyOf(ids);
  }

  /** The table row ({@code <tr>...</tr>}) that links to grant {@code id}, as text; null if none. */
  static String rowOf(String body, String id) {
    Matcher m =
        Pattern.compile(
                "<tr>(?:(?!</tr>).)*?href=\"/grants/" + Pattern.quote(id) + "\".*?</tr>",
                Pattern.DOTALL)
            .matcher(body);
    return m.find() ? m.group() : null;
  }

  /** The {@code <main>} element's text. */
  static String mainText(String body) {
    String inside = inner(body, "main", "");
    return inside == null ? "" : text(inside);
  }

  /** Tags stripped, entities unescaped, whitespace collapsed. */
  static String text(String html) {
    return unescape(html.replaceAll("(?s)<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
  }

  static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
  }
}
