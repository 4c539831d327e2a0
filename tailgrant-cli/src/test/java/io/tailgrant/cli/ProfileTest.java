package io.tailgrant.cli;

import static io.tailgrant.cli.FakeApi.json;
import static io.tailgrant.cli.FakeApi.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The profile ({@code ~/.config/tailgrant/config.yaml}) and which server wins: {@code --server},
 * then {@code TAILGRANT_SERVER}, then the profile, then {@code http://127.0.0.1:8080}.
 */
class ProfileTest {
  @TempDir Path home;
  private MockWebServer server;
  private String url;
  private Path profile;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    url = server.url("/").toString();
    profile = home.resolve(".config/tailgrant/config.yaml");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("HOME", home.toString());
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private void writeProfile(Path file, String yaml) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The server the CLI would choose in {@code env}, without asking it anything. */
  private static ClientOptions.Endpoint endpoint(Map<String, String> env) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    return new ClientOptions().endpoint(new CliContext(env, sink, sink, Duration.ZERO));
  }

  @Test
  void theProfilesServerIsUsedWhenNothingElseNamesOne() throws Exception {
    writeProfile(profile, "server: " + url + "\n");
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));

    CliRun r = CliRun.run(env(), "grants");

    assertEquals(0, r.exit(), r.transcript());
    assertEquals("/api/v1/grants?view=mine", take(server).getTarget());
  }

  @Test
  void precedenceIsServerOptionThenEnvironmentThenProfile() throws Exception {
    try (MockWebServer fromEnv = new MockWebServer();
        MockWebServer fromOption = new MockWebServer()) {
      fromEnv.start();
      fromOption.start();
      writeProfile(profile, "server: " + url + "\n");
      fromEnv.enqueue(json(200, "[]"));
      fromOption.enqueue(json(200, "[]"));
      fromOption.enqueue(json(200, "[]"));

      Map<String, String> env = env("TAILGRANT_SERVER", fromEnv.url("/").toString());
      assertEquals(0, CliRun.run(env, "types").exit());
      assertEquals(1, fromEnv.getRequestCount(), "TAILGRANT_SERVER beats the profile");

      String option = fromOption.url("/").toString();
      assertEquals(0, CliRun.run(env, "types", "--server", option).exit());
      assertEquals(0, CliRun.run(env, "types", "--server=" + option).exit());
      assertEquals(2, fromOption.getRequestCount(), "--server (either form) beats both");
      assertEquals(1, fromEnv.getRequestCount());
      assertEquals(0, server.getRequestCount(), "the profile's server was never asked");
    }
  }

  @Test
  void withNoProfileTheDefaultIsThisMachinesPort8080() throws Exception {
    assertEquals("http://127.0.0.1:8080", endpoint(env()).url());
    writeProfile(profile, "# nothing set yet\n");
    assertEquals("http://127.0.0.1:8080", endpoint(env()).url(), "an empty profile is none");
    writeProfile(profile, "server: https://tailgrant.example-tailnet.ts.net\n");
    assertEquals("https://tailgrant.example-tailnet.ts.net", endpoint(env()).url());
  }

  @Test
  void xdgConfigHomeIsHonouredWhenAbsolute() throws Exception {
    Path xdg = home.resolve("xdg");
    writeProfile(xdg.resolve("tailgrant/config.yaml"), "server: https://xdg.example.com\n");
    writeProfile(profile, "server: https://home.example.com\n");

    assertEquals("https://xdg.example.com", endpoint(env("XDG_CONFIG_HOME", xdg.toString())).url());
    assertEquals(
        "https://home.example.com",
        endpoint(env("XDG_CONFIG_HOME", "relative/xdg")).url(),
        "a relative XDG_CONFIG_HOME is ignored, as the XDG spec says");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'server: [https://x.example'                | line 1: not valid YAML",
        "'server: https://a.example\\nserver: https://b.example' | not valid YAML: Duplicate field",
        "'sever: https://x.example'                  | unknown key sever (did you mean server?); the keys are server and allowHttp",
        "'server: https://x.example\\ncolour: blue'   | unknown key colour",
        "'allowHttp: maybe'                          | key allowHttp: must be true or false, not \"maybe\"",
        "'allowHttp: 1'                              | key allowHttp: must be true or false, not 1",
        "'server: 42'                                | key server: must be the server",
        "'server:\\n  url: https://x.example'        | such as https://tailgrant.example-tailnet.ts.net, not a mapping",
        "'- https://x.example'                       | must be a mapping of keys (server, allowHttp), not a list"
      })
  void aMalformedProfileIsAUsageErrorNamingFileKeyAndReason(String yaml, String reason)
      throws Exception {
    writeProfile(profile, yaml.replace("\\n", "\n"));

    CliRun r = CliRun.run(env(), "grants");

    assertEquals(2, r.exit(), r.transcript());
    assertEquals("", r.out());
    assertTrue(
        r.err().startsWith("tailgrant: the profile " + profile + " is malformed: "), r.err());
    assertTrue(r.err().contains(reason), r.err());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aProfileServerThatIsNoUrlIsRefusedNamingTheFileAndKey() throws Exception {
    writeProfile(profile, "server: ftp://tailgrant.example.com\n");

    CliRun r = CliRun.run(env(), "types");

    assertEquals(2, r.exit(), r.transcript());
    assertTrue(
        r.err()
            .startsWith(
                "tailgrant: the server URL in "
                    + profile
                    + " (key server) must start with https://"),
        r.err());
  }

  @Test
  void allowHttpInTheProfileOptsInForTheProfilesServerOnly() throws Exception {
    String plain = "http://0.0.0.0:" + server.getPort(); // reaches this machine, yet no loopback
    writeProfile(profile, "server: " + plain + "\n");
    CliRun refused = CliRun.run(env(), "grants");
    assertEquals(2, refused.exit(), refused.transcript());
    assertTrue(refused.err().contains("refusing plain http to 0.0.0.0"), refused.err());
    assertTrue(refused.err().contains("allowHttp: true in " + profile), refused.err());

    writeProfile(profile, "server: " + plain + "\nallowHttp: true\n");
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    CliRun allowed = CliRun.run(env(), "grants");
    assertEquals(0, allowed.exit(), allowed.transcript());
    assertTrue(allowed.err().contains("warning: plain http to 0.0.0.0"), allowed.err());
    assertEquals(1, server.getRequestCount());

    CliRun elsewhere = CliRun.run(env("TAILGRANT_SERVER", plain + "/"), "grants");
    assertEquals(2, elsewhere.exit(), "the profile's opt-in is not TAILGRANT_SERVER's");
    CliRun overridden = CliRun.run(env("TAILGRANT_ALLOW_HTTP", "0"), "grants");
    assertEquals(2, overridden.exit(), "TAILGRANT_ALLOW_HTTP=0 beats the profile's allowHttp");
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void theProfileIsNotReadWhenTheServerIsGivenOtherwise() throws Exception {
    writeProfile(profile, "sever: oops\n");
    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    CliRun r = CliRun.run(env(), "grants", "--server", url);
    assertEquals(0, r.exit(), r.transcript());
  }

  @Test
  void setServerWritesAnOwnerOnlyProfileThatLaterCommandsUse() throws Exception {
    CliRun set = CliRun.run(env(), "config", "set-server", url);

    assertEquals(0, set.exit(), set.transcript());
    assertEquals(List.of("server " + url + " saved in " + profile), set.outLines());
    assertEquals("rw-------", mode(profile));
    assertEquals("rwx------", mode(profile.getParent()));
    assertEquals(
        url,
        Profile.load(profile).orElseThrow().server(),
        "reads back: " + Files.readString(profile));
    assertFalse(Profile.load(profile).orElseThrow().allowHttp());
    assertEquals(0, server.getRequestCount(), "set-server asks no server");

    server.enqueue(json(200, FakeApi.EMPTY_PAGE));
    CliRun grants = CliRun.run(env(), "grants");
    assertEquals(0, grants.exit(), grants.transcript());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void setServerReplacesTheProfileWholeAndLeavesNoTemporaryFile() throws Exception {
    writeProfile(profile, "server: https://old.example.com\nallowHttp: true\n");
    Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r--r--"));
    Object before = Files.getAttribute(profile, "unix:ino");

    CliRun r = CliRun.run(env(), "config", "set-server", "https://new.example.com");

    assertEquals(0, r.exit(), r.transcript());
    assertNotEquals(before, Files.getAttribute(profile, "unix:ino"), "renamed into place");
    assertEquals("rw-------", mode(profile));
    Profile p = Profile.load(profile).orElseThrow();
    assertEquals("https://new.example.com", p.server());
    assertFalse(p.allowHttp(), "a new server needs its own opt-in");
    try (Stream<Path> files = Files.list(profile.getParent())) {
      assertEquals(List.of(profile), files.toList());
    }
  }

  @Test
  void setServerHonoursXdgConfigHome() throws Exception {
    Path xdg = home.resolve("xdg");
    CliRun r =
        CliRun.run(
            env("XDG_CONFIG_HOME", xdg.toString()), "config", "set-server", "https://x.example");
    assertEquals(0, r.exit(), r.transcript());
    assertTrue(Files.exists(xdg.resolve("tailgrant/config.yaml")));
    assertFalse(Files.exists(profile));
  }

  @Test
  void setServerAllowHttpSavesTheOptIn() throws Exception {
    CliRun refused = CliRun.run(env(), "config", "set-server", "http://tailgrant.lan:8080");
    assertEquals(2, refused.exit(), refused.transcript());
    assertTrue(refused.err().contains("refusing plain http to tailgrant.lan"), refused.err());
    assertTrue(refused.err().contains("pass --allow-http to save allowHttp: true"), refused.err());
    assertFalse(Files.exists(profile), "nothing saved");

    CliRun saved =
        CliRun.run(env(), "config", "set-server", "--allow-http", "http://tailgrant.lan:8080");
    assertEquals(0, saved.exit(), saved.transcript());
    Profile p = Profile.load(profile).orElseThrow();
    assertEquals("http://tailgrant.lan:8080", p.server());
    assertTrue(p.allowHttp());
    assertEquals(
        "http://tailgrant.lan:8080",
        endpoint(env()).url(),
        "and the profile is then accepted: " + Files.readString(profile));
    assertTrue(endpoint(env()).allowHttp());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tailgrant.example.com              | must start with https://",
        "https://alice:pw@tailgrant.example.com | must not hold a user name or password",
        "https://tailgrant.example.com/?x=1 | must not have a query"
      })
  void setServerRefusesWhatNoCommandWouldUse(String bad, String reason) {
    CliRun r = CliRun.run(env(), "config", "set-server", bad);
    assertEquals(2, r.exit(), r.transcript());
    assertTrue(r.err().contains(reason), r.err());
    assertFalse(Files.exists(profile), "nothing saved");
  }
}
