package io.tailgrant.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the image ships: this module's jar and {@code target/lib} (copy-dependencies, runtime
 * scope). Runs after {@code package} (failsafe), so it reads the real classpath: nothing of the dev
 * stack, the simulators, a test server, a mock or a test framework may be on it, and every command
 * must start from it alone.
 */
class ProductionClasspathIT {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path LIB = TARGET.resolve("lib");

  /** Class-path prefixes that must never ship, and why. */
  private static final Map<String, String> FORBIDDEN = new LinkedHashMap<>();

  static {
    FORBIDDEN.put("io/temporal/testserver/", "Temporal's embedded test server");
    // The service client itself ships a few in-process gRPC helpers in internal/testservice; the
    // test server's implementation is this class and its kin.
    FORBIDDEN.put(
        "io/temporal/internal/testservice/TestWorkflowService", "Temporal's embedded test server");
    FORBIDDEN.put("io/temporal/testing/", "Temporal's testing library");
    FORBIDDEN.put("io/fabric8/kubernetes/client/server/mock/", "fabric8's Kubernetes mock server");
    FORBIDDEN.put("io/fabric8/mockwebserver/", "fabric8's mock web server");
    FORBIDDEN.put("mockwebserver3/", "OkHttp's MockWebServer");
    FORBIDDEN.put("okhttp3/mockwebserver/", "OkHttp's MockWebServer");
    FORBIDDEN.put("io/tailgrant/sim/", "the tailnet and Kubernetes simulators");
    FORBIDDEN.put("io/tailgrant/dev/", "the dev stack");
    FORBIDDEN.put("org/junit/", "JUnit");
    FORBIDDEN.put("junit/framework/", "JUnit 4");
    FORBIDDEN.put("org/opentest4j/", "JUnit's assertion errors");
    FORBIDDEN.put("org/openqa/selenium/", "Selenium");
    FORBIDDEN.put("com/icegreen/greenmail/", "GreenMail");
  }

  private static List<Path> classpath;

  @BeforeAll
  static void readClasspath() throws IOException {
    assertTrue(Files.isDirectory(LIB), LIB + " is missing: run after package");
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(TARGET)) {
      files
          .filter(f -> f.getFileName().toString().matches("tailgrant-dist-.*\\.jar"))
          .forEach(jars::add);
    }
    assertEquals(1, jars.size(), "this module's jar in " + TARGET + ": " + jars);
    jars.addAll(libJars());
    classpath = List.copyOf(jars);
  }

  private static List<Path> libJars() throws IOException {
    try (Stream<Path> files = Files.list(LIB)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    }
  }

  @Test
  void nothingOfTheDevStackOrTheTestsIsOnTheProductionClasspath() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path jar : classpath) {
      Set<String> seen = new HashSet<>();
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .forEach(
                entry ->
                    FORBIDDEN.forEach(
                        (prefix, what) -> {
                          if (entry.getName().startsWith(prefix) && seen.add(prefix)) {
                            found.add(jar.getFileName() + ": " + prefix + " (" + what + ")");
                          }
                        }));
      }
    }
    assertTrue(found.isEmpty(), "on the production classpath:\n  " + String.join("\n  ", found));

    List<Path> lib = libJars();
    long bytes = 0;
    for (Path jar : lib) {
      bytes += Files.size(jar);
    }
    System.out.printf(
        "production classpath %s: %d jars, %d bytes (%.1f MiB)%n",
        LIB, lib.size(), bytes, bytes / (1024.0 * 1024.0));
  }

  @Test
  void everyCommandsEntryPointIsOnIt() throws IOException {
    for (String entry :
        List.of(
            "io/tailgrant/dist/Main.class",
            "io/tailgrant/doctor/Doctor.class",
            "io/tailgrant/server/ServerMain.class",
            "io/tailgrant/worker/WorkerMain.class",
            "io/tailgrant/config/CheckConfig.class",
            "io/tailgrant/cli/TailGrantCli.class",
            "ch/qos/logback/classic/Logger.class",
            "logback.xml",
            "logback-json.xml")) {
      assertTrue(
          classpath.stream().anyMatch(jar -> contains(jar, entry)),
          entry + " is on the production classpath");
    }
  }

  /** Each command starts from the shipped classpath alone: no class it needs was left behind. */
  @Test
  void eachCommandStartsFromTheShippedClasspath() throws Exception {
    for (String command :
        List.of("server", "worker", "doctor", "check-config", "login", "grants", "revoke")) {
      String out = launch(command, "--help");
      assertTrue(out.contains("usage: tailgrant"), command + " --help printed:\n" + out);
    }
    String out = launch("check-config", "../config.example.yaml");
    assertTrue(out.startsWith("OK"), "check-config on config.example.yaml printed:\n" + out);
    assertTrue(launch("--help").contains("doctor --config FILE"), "the launcher's usage");
  }

  private static String launch(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", args) + " failed:\n" + out);
    assertFalse(out.contains("NoClassDefFoundError"), out);
    return out;
  }

  private static boolean contains(Path jar, String entry) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(entry) != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
