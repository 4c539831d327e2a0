package io.tailgrant.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV cells a spreadsheet cannot run, and an export that stops at its size limit and says so. */
class ExportFormatsTest {
  @Test
  void cellsThatAreFormulasAreDefusedAndSpecialCharactersQuoted() {
    assertEquals("'=1+1", CsvCells.cell("=1+1"));
    assertEquals("'+1", CsvCells.cell("+1"));
    assertEquals("'-1", CsvCells.cell("-1"));
    assertEquals("'@SUM(A1)", CsvCells.cell("@SUM(A1)"));
    assertEquals("'\tx", CsvCells.cell("\tx"));
    assertEquals("\"'\rx\"", CsvCells.cell("\rx"));
    assertEquals("\"a,b\"", CsvCells.cell("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvCells.cell("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvCells.cell("two\nlines"));
    assertEquals(
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        CsvCells.cell("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("plain a=b", CsvCells.cell("plain a=b"));
    assertEquals("", CsvCells.cell(null));
    assertEquals("a,,\"b,c\"\r\n", CsvCells.row(java.util.Arrays.asList("a", null, "b,c")));
  }

  @Test
  void anExportStopsAtItsLimitWithALineThatSaysWhereToGoOn() throws Exception {
    Path f = Files.createTempDirectory("audit").resolve("audit.jsonl");
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          new AuditEvent(
              "g-aaaaaa/" + i, "g-aaaaaa", i, t0.plusSeconds(i), "a", "x", null, "t", "r", "n"));
    }
    AuditFileHistoryTest.write(f, events);
    AuditExport export = new AuditExport(f, 3);

    ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
    assertEquals(3, export.write(t0, t0.plusSeconds(60), AuditExport.Format.JSONL, jsonl));
    String[] lines = jsonl.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[3].contains("\"truncated\":true"), lines[3]);
    assertTrue(
        lines[3].contains("2026-03-01T00:00:03Z"), "where the next export starts: " + lines[3]);

    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    assertEquals(3, export.write(t0, t0.plusSeconds(60), AuditExport.Format.CSV, csv));
    String[] rows = csv.toString(StandardCharsets.UTF_8).split("\r\n");
    assertEquals(5, rows.length, "header, three events, the marker");
    assertTrue(rows[4].contains(",truncated,"), rows[4]);

    ByteArrayOutputStream some = new ByteArrayOutputStream();
    assertEquals(
        2, export.write(t0.plusSeconds(1), t0.plusSeconds(3), AuditExport.Format.JSONL, some));
    assertTrue(!some.toString(StandardCharsets.UTF_8).contains("truncated"));
  }

  @Test
  void oneExportRunsAtATime() {
    AuditExport export = new AuditExport(Path.of("/nonexistent"));
    assertTrue(export.tryStart());
    assertTrue(!export.tryStart(), "a second export waits for the first");
    export.finished();
    assertTrue(export.tryStart(), "and may run once it is done");
  }
}
