package io.tailgrant.dev.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One scenario's figures: printed as they come, and (unless told not to) written as that scenario's
 * section of docs/BENCHMARKS.md with the machine, the JVM, the command line and the date, replacing
 * the section of an earlier run.
 */
final class BenchReport {
  private final String scenario;
  private final String commandLine;
  private final List<String> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  BenchReport(String scenario, String commandLine) {
    this.scenario = scenario;
    this.commandLine = commandLine;
  }

  /** A measured figure, with the target it is held to (null: none). */
  void figure(String what, String value, String target) {
    rows.add("| " + what + " | " + value + " | " + (target == null ? "" : target) + " |");
    System.out.printf(
        "%-60s %s%s%n", what, value, target == null ? "" : "   (target " + target + ")");
  }

  void note(String text) {
    notes.add(text);
    System.out.println("note: " + text);
  }

  List<String> rows() {
    return List.copyOf(rows);
  }

  /** The section this run writes. */
  String section() {
    StringBuilder b = new StringBuilder();
    b.append("## ").append(scenario).append("\n\n");
    b.append("`")
        .append(commandLine)
        .append("` on ")
        .append(LocalDate.now())
        .append(": ")
        .append(machine())
        .append("\n\n");
    b.append("| figure | measured | target |\n|---|---|---|\n");
    rows.forEach(r -> b.append(r).append('\n'));
    if (!notes.isEmpty()) {
      b.append('\n');
      notes.forEach(n -> b.append("- ").append(n).append('\n'));
    }
    return b.append('\n').toString();
  }

  /** Writes this section into {@code file}, replacing the scenario's earlier section. */
  void writeTo(Path file) throws IOException {
    String doc =
        Files.exists(file)
            ? Files.readString(file)
            : "# Benchmarks\n\nFigures written by `./tailgrant bench <scenario>`; each run replaces its"
                + " scenario's section.\n\n";
    Pattern old = Pattern.compile("(?ms)^## " + Pattern.quote(scenario) + "\\n.*?(?=^## |\\z)");
    String section = section();
    doc =
        old.matcher(doc).find()
            ? old.matcher(doc).replaceFirst(section.replace("$", "\\$"))
            : doc + section;
    Files.writeString(file, doc);
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    return rt.availableProcessors()
        + " cores, "
        + ManagementFactory.getOperatingSystemMXBean().getName()
        + ", Java "
        + System.getProperty("java.version")
        + " ("
        + System.getProperty("java.vm.name")
        + "), max heap "
        + rt.maxMemory() / (1024 * 1024)
        + " MB, load average "
        + String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
        + " when written (other work on the machine slows every figure)";
  }
}
