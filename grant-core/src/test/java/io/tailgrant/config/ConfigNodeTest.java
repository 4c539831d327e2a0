package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tailgrant.config.ConfigNode.HostPort;
import io.tailgrant.config.ConfigNode.UrlForm;
import io.tailgrant.grant.Risk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
  private static final Path FILE = Path.of("/etc/tailgrant/config.yaml");

  private final List<String> problems = new ArrayList<>();

  private ConfigNode node(String yaml) throws Exception {
    return new ConfigNode(
        new ObjectMapper(new YAMLFactory()).readTree(yaml), "section", FILE, problems);
  }

  @Test
  void hostPortSplitsAtTheLastColon() throws Exception {
    ConfigNode n = node("{}");
    assertEquals(new HostPort("0.0.0.0", 9090), n.hostPort("listen", "0.0.0.0:9090", null));
    assertEquals(new HostPort("[::1]", 7233), n.hostPort("target", "[::1]:7233", null));
    assertEquals(List.of(), problems);
  }

  @Test
  void hostPortReportsTheSameTextEverywhere() throws Exception {
    ConfigNode n = node("{}");
    for (String bad : List.of("no-port", ":80", "h:0", "h:65536", "h:http", "a b:80")) {
      assertNull(n.hostPort("target", bad, null), bad);
    }
    assertNull(n.hostPort("listen", "nowhere", "unix:/path/to/socket"));
    assertEquals(7, problems.size(), problems.toString());
    assertEquals(FILE + ": section.target: 'no-port' must be host:port", problems.get(0));
    assertEquals(
        FILE + ": section.listen: 'nowhere' must be host:port or unix:/path/to/socket",
        problems.get(6));
  }

  @Test
  void urlFormsKeepTheirShapesAndTexts() throws Exception {
    ConfigNode n = node("{}");
    assertTrue(n.url("a", "https://api.tailscale.com/api/v2", UrlForm.HTTP));
    assertTrue(n.url("a", "http://127.0.0.1:41112", UrlForm.PLAIN_HTTP));
    assertTrue(n.url("a", "https://temporal.example.ts.net", UrlForm.ORIGIN));
    assertTrue(n.url("a", "https://tg.tail1234.ts.net:8443/", UrlForm.BASE));
    assertEquals(List.of(), problems);

    assertFalse(n.url("a", "ftp://x", UrlForm.HTTP));
    assertFalse(n.url("b", "https://x", UrlForm.PLAIN_HTTP));
    assertFalse(n.url("c", "https://x/ui", UrlForm.ORIGIN));
    assertFalse(n.url("d", "https://x/ui", UrlForm.BASE));
    assertEquals(
        List.of(
            FILE + ": section.a: must be an http(s) URL",
            FILE + ": section.b: must be an http:// URL",
            FILE
                + ": section.c: 'https://x/ui' must be an origin such as"
                + " https://temporal.example.ts.net (no path)",
            FILE
                + ": section.d: 'https://x/ui' must be an http(s) URL with no path, such as"
                + " https://tailgrant.tail1234.ts.net"),
        problems);
  }

  @Test
  void namesAndKubernetesNamespaces() throws Exception {
    ConfigNode n = node("{}");
    assertTrue(n.name("name", "ssh-prod"));
    assertTrue(n.kubernetesNamespace("namespace", "team-a"));
    assertFalse(n.name("name", "SSH"));
    assertFalse(n.kubernetesNamespace("namespace", "team-"));
    assertEquals(
        List.of(
            FILE + ": section.name: 'SSH' must be lower-case letters, digits and '-'",
            FILE + ": section.namespace: 'team-' is not a Kubernetes namespace name"),
        problems);
  }

  @Test
  void pathsAreRelativeToTheConfigFile() throws Exception {
    ConfigNode n = node("{rel: keys/a.key, abs: /var/a.key, blank: ' '}");
    assertEquals(Path.of("/etc/tailgrant/keys/a.key"), n.optionalPath("rel"));
    assertEquals(Path.of("/var/a.key"), n.optionalPath("abs"));
    assertNull(n.optionalPath("blank"));
    assertNull(n.optionalPath("missing"));
    assertEquals(Path.of("/etc/tailgrant/x"), n.resolve("x"));
    assertEquals(List.of(), problems);
  }

  @Test
  void enumValuesAreRequiredAndChecked() throws Exception {
    ConfigNode n = node("{risk: HIGH, bad: extreme}");
    assertEquals(Risk.HIGH, n.enumValue("risk", Risk.class));
    assertNull(n.enumValue("bad", Risk.class));
    assertNull(n.enumValue("missing", Risk.class));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(FILE + ": section.bad: 'extreme' is not one of "));
    assertEquals(FILE + ": section.missing: is required", problems.get(1));
  }
}
