package io.tailgrant.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rules a formatter does not keep: main code names a type by its import, not by a fully
 * qualified name in the middle of the code, unless its simple name is already taken in that file.
 */
class SourceStyleTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FQN =
      Pattern.compile(
          "(?<![\\w.@])((?:java|javax|io|com|org|jakarta|okhttp3)\\.(?:[a-z_][a-z0-9_]*\\.)+)"
              + "([A-Z]\\w*)");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);");
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|record|interface|enum)\\s+(\\w+)");

  @Test
  void mainCodeImportsTheTypesItNames() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/main/java/"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList()) {
        found.addAll(inlineNames(f));
      }
    }
    assertTrue(found.isEmpty(), "import these instead:\n" + String.join("\n", found));
  }

  @Test
  void theCheckFindsAnInlineNameAndLetsATakenSimpleNameBe() throws IOException {
    Path f = Files.createTempFile("Example", ".java");
    Files.writeString(
        f,
        """
        package x;

        import java.time.Duration;

        /** Uses {@link java.util.List} in a comment, which is fine. */
        final class Example {
          java.util.List<String> names; // an inline name: found
          com.uber.m3.util.Duration tally; // Duration is taken by the import: allowed
          String s = "java.util.Map is only text";
        }
        """);
    assertEquals(1, inlineNames(f).size(), inlineNames(f).toString());
  }

  private static List<String> inlineNames(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    Map<String, String> imported = new HashMap<>();
    List<String> declared = new ArrayList<>();
    for (String l : lines) {
      Matcher m = IMPORT.matcher(l);
      if (m.find()) {
        String fq = m.group(1);
        imported.put(fq.substring(fq.lastIndexOf('.') + 1), fq);
      }
      Matcher d = DECLARED.matcher(l);
      while (d.find()) {
        declared.add(d.group(1));
      }
    }
    List<String> found = new ArrayList<>();
    boolean inText = false;
    boolean inComment = false;
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i).strip();
      if (s.split("\"\"\"", -1).length % 2 == 0) {
        inText = !inText;
        continue;
      }
      if (inText) {
        continue;
      }
      if (inComment) {
        inComment = !s.contains("*/");
        continue;
      }
      if (s.startsWith("/*")) {
        inComment = !s.contains("*/");
        continue;
      }
      if (s.startsWith("*") || s.startsWith("import ") || s.startsWith("package ")) {
        continue;
      }
      String code = s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*", "");
      Matcher m = FQN.matcher(code);
      while (m.find()) {
        String fq = m.group(1) + m.group(2);
        String simple = m.group(2);
        boolean taken =
            declared.contains(simple)
                || (imported.containsKey(simple) && !imported.get(simple).equals(fq))
                || Files.exists(file.resolveSibling(simple + ".java"));
        if (!taken) {
          found.add(ROOT.relativize(file.toAbsolutePath()) + ":" + (i + 1) + " " + fq);
        }
      }
    }
    return found;
  }
}
