package io.tailgrant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release artifact, {@code target/tailgrant-cli.jar}, after {@code package}: it holds the CLI
 * and its runtime dependencies and nothing of the server, and {@code java -jar} runs it alone, with
 * no checkout, Maven or other jar beside it. Run by failsafe in {@code verify}.
 */
class ReleaseJarIT {
  private static Path jar;
  private static long maxBytes;
  private static List<String> entries;

  @BeforeAll
  static void open() throws IOException {
    jar = Path.of(System.getProperty("tailgrant.releaseJar", "target/tailgrant-cli.jar"));
    maxBytes = Long.parseLong(System.getProperty("tailgrant.releaseJar.maxBytes", "8000000"));
    assertTrue(Files.isRegularFile(jar), jar + " was not built: run mvn package first");
    List<String> names = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      for (JarEntry e : Collections.list(j.entries())) {
        names.add(e.getName());
      }
    }
    entries = names;
    System.out.printf(
        "release jar %s: %d bytes (limit %d), %d entries%n",
        jar.getFileName(), Files.size(jar), maxBytes, entries.size());
  }

  @Test
  void holdsTheCliAndItsRuntimeDependenciesOnly() throws IOException {
    for (String forbidden :
        List.of(
            "io/temporal/",
            "io/javalin/",
            "io/tailgrant/grant/",
            "io/tailgrant/web/",
            "io/tailgrant/worker/",
            "io/tailgrant/dev/",
            "org/eclipse/jetty/",
            "io/fabric8/",
            "org/junit/",
            "mockwebserver3/")) {
      List<String> found = entries.stream().filter(n -> n.startsWith(forbidden)).toList();
      assertEquals(List.of(), found, "nothing under " + forbidden);
    }
    List<String> testClasses =
        entries.stream()
            .filter(n -> n.matches("io/tailgrant/.*(Test|IT|CliRun|FakeApi)(\\$.*)?\\.class"))
            .toList();
    assertEquals(List.of(), testClasses, "no test code");
    for (String needed :
        List.of(
            "io/tailgrant/cli/TailGrantCli.class",
            "io/tailgrant/cli/version.properties",
            "picocli/CommandLine.class",
            "picocli/AutoComplete.class",
            "okhttp3/OkHttpClient.class",
            "okio/Buffer.class",
            "kotlin/Unit.class",
            "com/fasterxml/jackson/core/JsonFactory.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class",
            "com/fasterxml/jackson/dataformat/yaml/YAMLMapper.class",
            "org/yaml/snakeyaml/Yaml.class")) {
      assertTrue(entries.contains(needed), "the jar holds " + needed);
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      assertEquals(
          TailGrantCli.class.getName(), j.getManifest().getMainAttributes().getValue("Main-Class"));
    }
    assertTrue(
        Files.size(jar) < maxBytes,
        jar + " is " + Files.size(jar) + " bytes, over the " + maxBytes + " limit");
  }

  /** {@code java -jar tailgrant-cli.jar args} in {@code dir}, with an environment of its own. */
  private static Result java(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add("tailgrant-cli.jar");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("HOME", dir.toString()); // no profile, no ~/.kube of the user's
    pb.environment().put("PATH", "/usr/bin:/bin");
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + String.join(" ", args) + " did not end");
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  record Result(int exit, String out, String err) {
    String transcript() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  @Test
  void runsAloneWithJavaJar(@TempDir Path empty) throws Exception {
    Files.copy(jar, empty.resolve("tailgrant-cli.jar"));

    Result help = java(empty, "--help");
    assertEquals(0, help.exit(), help.transcript());
    assertTrue(help.out().startsWith("usage: tailgrant <command>"), help.transcript());
    for (String command : TailGrantCli.COMMANDS) {
      assertTrue(help.out().contains("\n  " + command + " "), "lists " + command);
    }
    assertEquals("", help.err());

    Result typo = java(empty, "grnats");
    assertEquals(2, typo.exit(), typo.transcript());
    assertTrue(typo.err().startsWith("tailgrant: unknown command 'grnats'; did you mean grants?"));

    try (MockWebServer server = new MockWebServer()) {
      server.start();
      ArrayNode types = FakeApi.JSON.createArrayNode();
      types.add(FakeApi.grantType("k8s-view", "kubernetes", "low", "8h", false));
      types.add(
          FakeApi.grantType("k8s-admin", "kubernetes", "high", "2h", true, "bob@example.com"));
      server.enqueue(FakeApi.json(200, types));

      Result r =
          java(
              empty,
              "types",
              "--server",
              "http://127.0.0.1:" + server.getPort(),
              "--format",
              "json");

      assertEquals(0, r.exit(), r.transcript());
      assertEquals(types, FakeApi.JSON.readTree(r.out()), r.transcript());
      assertEquals("", r.err());
      RecordedRequest q = FakeApi.take(server);
      assertEquals("GET /api/v1/grant-types", q.getMethod() + " " + q.getTarget());
    }
    try (var left = Files.list(empty)) {
      assertEquals(List.of(empty.resolve("tailgrant-cli.jar")), left.toList(), "wrote nothing");
    }
  }
}
