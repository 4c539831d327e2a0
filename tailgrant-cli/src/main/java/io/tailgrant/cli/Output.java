package io.tailgrant.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How listings print: a table for people, or the server's JSON for scripts. */
final class Output {
  private Output() {}

  enum Format {
    TABLE,
    JSON
  }

  /** {@code --format table|json}, on every listing. */
  static final class FormatOption {
    @Option(
        names = "--format",
        paramLabel = "table|json",
        defaultValue = "table",
        converter = FormatConverter.class,
        description =
            "table (the default) for people; json prints the server's JSON and nothing else on"
                + " stdout")
    Format format = Format.TABLE;

    boolean json() {
      return format == Format.JSON;
    }
  }

  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "table" -> Format.TABLE;
        case "json" -> Format.JSON;
        default ->
            throw new TypeConversionException(
                "takes table or json, not '" + Untrusted.printable(value) + "'");
      };
    }
  }

  /**
   * Jackson escapes C0 controls in strings already; this adds DEL and the C1 controls (U+007F to
   * U+009F), which some terminals also obey, so JSON output is as inert on a terminal as a table.
   */
  private static final class TerminalSafeEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalSafeEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch >= 0x80 && ch <= 0x9f ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }

  private static final ObjectMapper SAFE_JSON = new ObjectMapper();

  static {
    SAFE_JSON.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
  }

  /**
   * {@code node} re-serialized, indented: valid JSON (one document) with every control character in
   * its strings escaped.
   */
  static String json(JsonNode node) {
    try {
      return SAFE_JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

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

  /** A JSON array of strings as one cell: {@code a,b}, or {@code -} when empty. */
  static String list(JsonNode n) {
    List<String> items = new ArrayList<>();
    n.forEach(i -> items.add(i.asText()));
    return items.isEmpty() ? "-" : String.join(",", items);
  }
}
