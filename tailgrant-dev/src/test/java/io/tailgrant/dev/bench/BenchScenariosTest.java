package io.tailgrant.dev.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bench scenario runs end to end on a small size and reports its figures; what the figures are
 * is the harness's business, never a test's (no timed assertion here).
 */
class BenchScenariosTest {
  private static final Pattern NUMBER = Pattern.compile("\\d");

  @TempDir Path dir;

  private BenchReport run(String... args) throws Exception {
    Bench.BenchOptions options = Bench.BenchOptions.parse(args);
    return Bench.run(options.scenarios().get(0), options);
  }

  private static void assertReports(BenchReport report, String... figures) {
    for (String figure : figures) {
      assertTrue(
          report.rows().stream().anyMatch(r -> r.startsWith("| " + figure) && hasNumber(r)),
          figure + " missing from " + report.rows());
    }
  }

  private static boolean hasNumber(String row) {
    String[] cells = row.split("\\|");
    return cells.length > 2 && NUMBER.matcher(cells[2]).find();
  }

  @Test
  void scaleReportsLatenessCallsHeapAndHistories() throws Exception {
    BenchReport report = run("scale", "--grants", "12", "--devices", "6", "--first-end", "6");
    assertReports(
        report,
        "activations per second",
        "worker heap after a full GC",
        "revocation lateness p99",
        "revocation lateness max",
        "Tailscale API calls per grant lifecycle",
        "busiest device manager's history",
        "directory's history");
    // Every tag went back: the lateness sample holds all twelve grants.
    assertTrue(report.rows().stream().anyMatch(r -> r.contains("n=12 ")), report.rows().toString());
  }

  @Test
  void reconcileFindsAndFixesEveryDriftedDeviceWithOneList() throws Exception {
    BenchReport report = run("reconcile", "--devices", "200", "--drifted", "20");
    assertReports(report, "devices in the tailnet", "sweep with 20 drifted devices: time");
    List<String> rows = report.rows();
    assertTrue(rows.stream().anyMatch(r -> r.contains("| 1 / 0 / 20 (")), rows.toString());
    assertTrue(rows.stream().anyMatch(r -> r.contains("| 20 of 20,")), rows.toString());
  }

  @Test
  void directoryReportsHowManyChangesASecondItAbsorbs() throws Exception {
    BenchReport report = run("directory", "--changes", "40");
    assertReports(
        report,
        "grant changes sent to the directory",
        "grant changes absorbed",
        "directory list query with 40 open grants");
  }

  @Test
  void latencyAndPagesReportTheirFiguresAndWriteTheirSections() throws Exception {
    Path out = dir.resolve("BENCHMARKS.md");
    BenchReport latency = run("latency", "--rounds", "3");
    assertReports(
        latency,
        "bare workflow round trip",
        "HTTP request → access visible on the device",
        "HTTP revoke → access gone from the device");
    latency.writeTo(out);
    BenchReport pages = run("pages", "--clients", "4", "--requests", "24");
    assertReports(pages, "page p99");
    assertTrue(pages.rows().stream().anyMatch(r -> r.startsWith("| errors (non-200) | 0 |")));
    pages.writeTo(out);
    String doc = Files.readString(out);
    assertEquals(1, doc.split("\n## latency\n", -1).length - 1, doc);
    assertEquals(1, doc.split("\n## pages\n", -1).length - 1, doc);
  }
}
