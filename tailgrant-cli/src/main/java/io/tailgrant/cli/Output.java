package io.tailgrant.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** How listings print: tables whose cells cannot drive the terminal or break the columns. */
final class Output {
  private Output() {}

  /**
   * Rows under a header, in columns as wide as their widest cell; every cell made printable first,
   * so what a server sent can neither drive the terminal nor break the columns. An empty cell shows
   * as {@code -}. The last column is not padded (it may hold free text).
   */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    Table row(String... cells) {
      String[] shown = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        shown[i] = cells[i] == null || cells[i].isEmpty() ? "-" : Untrusted.printable(cells[i]);
      }
      rows.add(shown);
      return this;
    }

    List<String> lines() {
      int columns = rows.get(0).length;
      int[] width = new int[columns];
      for (String[] r : rows) {
        for (int i = 0; i < columns; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      List<String> out = new ArrayList<>();
      for (String[] r : rows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          b.append(r[i]);
          if (i < columns - 1) {
            b.append(" ".repeat(width[i] - r[i].length() + 2));
          }
        }
        out.add(b.toString());
      }
      return out;
    }
  }

  /** A JSON value as a table cell: text as is, null or missing as {@code -}. */
  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }
}
