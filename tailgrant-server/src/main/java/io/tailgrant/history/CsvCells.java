package io.tailgrant.history;

import java.util.List;

/**
 * CSV as RFC 4180 writes it, safe to open in a spreadsheet: a cell that a spreadsheet would read as
 * a formula (starting with {@code = + - @}, a tab or a carriage return) gets a leading {@code '},
 * and a cell holding a comma, quote or line break is quoted with its quotes doubled.
 */
public final class CsvCells {
  private CsvCells() {}

  /** One record: its cells escaped, joined by commas, ended by CRLF. */
  public static String row(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(cell(cells.get(i)));
    }
    return b.append("\r\n").toString();
  }

  /** One cell; null is empty. */
  public static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String v = value;
    char first = v.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      v = "'" + v;
    }
    boolean quote =
        v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
