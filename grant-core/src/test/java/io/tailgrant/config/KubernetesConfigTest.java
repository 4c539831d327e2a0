package io.tailgrant.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tailgrant.grant.GrantKind;
import io.tailgrant.grant.GrantSpec;
import io.tailgrant.grant.Policy;
import io.tailgrant.grant.TargetRule;
import io.tailgrant.kubernetes.KubernetesRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetes section and kubernetes grant types of the config: what loads, and every refusal
 * with its place.
 */
class KubernetesConfigTest {
  private static final String HEAD =
      """
      tailscale:
        oauth: {clientId: kTestCNTRL, clientSecretEnv: TAILGRANT_TEST_SECRET}
      groups:
        group:sre: [bob@example.com, erin@example.com]
      """;

  private static final String TWO_CLUSTERS =
      """
      kubernetes:
        clusters:
          - name: prod
            kubeconfigFile: kube/prod.yaml
            context: prod-admin
            namespace: tailgrant-system
            server: https://prod.k8s.example.com:6443
          - name: home
            inCluster: true
      """;

  private static final String SSH_PROD =
      """
        - name: ssh-prod
          description: x
          kind: posture
          posture: {key: "custom:tailgrant_ssh_prod", value: true}
          maxDuration: 2h
          risk: low
          requesters: [autogroup:member]
      """;

  private static final String K8S_VIEW =
      """
        - name: k8s-view
          description: view everywhere
          kind: kubernetes
          clusters: [prod, home]
          role: view
          maxDuration: 8h
          risk: low
          requesters: [autogroup:member]
      """;

  @TempDir Path dir;
  private Path file;

  private TailGrantConfig load(String yaml) {
    try {
      file = dir.resolve("tailgrant.yaml");
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ConfigLoader.load(file);
  }

  private List<String> problems(String yaml) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(yaml));
    for (String p : e.problems()) {
      assertTrue(p.startsWith(file + ": "), "every problem names the file: " + p);
    }
    return e.problems();
  }

  /** The one problem at {@code keyPath}, as "file: keyPath: reason". */
  private String problemAt(List<String> problems, String keyPath) {
    String prefix = file + ": " + keyPath + ": ";
    List<String> at = problems.stream().filter(p -> p.startsWith(prefix)).toList();
    assertEquals(1, at.size(), "expected one problem at " + keyPath + " in " + problems);
    return at.get(0).substring(prefix.length());
  }

  /** A config with {@code clusters} (a kubernetes section) and one kubernetes grant type. */
  private static String config(String kubernetes, String types) {
    return HEAD + kubernetes + "grantTypes:\n" + types;
  }

  private static String clusters(String entries) {
    return "kubernetes:\n  clusters:\n" + entries;
  }

  // ---------------------------------------------------------------- clusters

  @Test
  void clustersLoadWithDefaultsAndPathsResolvedAgainstTheConfigFile() {
    TailGrantConfig c = load(config(TWO_CLUSTERS, K8S_VIEW));
    KubernetesClusterConfig prod = c.kubernetes().cluster("prod").orElseThrow();
    assertFalse(prod.inCluster());
    assertEquals(
        dir.resolve("kube/prod.yaml"),
        prod.kubeconfigFile(),
        "relative to the config file's folder");
    assertEquals("prod-admin", prod.context());
    assertEquals("tailgrant-system", prod.namespace());
    assertEquals("https://prod.k8s.example.com:6443", prod.server());

    KubernetesClusterConfig home = c.kubernetes().cluster("home").orElseThrow();
    assertTrue(home.inCluster());
    assertNull(home.kubeconfigFile());
    assertNull(home.context());
    assertEquals("tailgrant", home.namespace(), "the default namespace");
    assertNull(home.server());
    assertEquals(
        List.of("prod", "home"),
        c.kubernetes().clusters().stream().map(KubernetesClusterConfig::name).toList());
    assertNull(c.kubernetes().tkaGrantType());
    assertTrue(c.tkaGrantType().isEmpty());
  }

  @Test
  void absoluteKubeconfigPathIsKept() {
    TailGrantConfig c =
        load(
            config(
                clusters(
                    """
            - name: prod
              kubeconfigFile: /etc/tailgrant/prod.kubeconfig
        """),
                K8S_VIEW.replace("[prod, home]", "[prod]")));
    assertEquals(
        Path.of("/etc/tailgrant/prod.kubeconfig"),
        c.kubernetes().cluster("prod").orElseThrow().kubeconfigFile());
  }

  @Test
  void noKubernetesSectionMeansNoClusters() {
    TailGrantConfig c = load(HEAD + "grantTypes:\n" + SSH_PROD);
    assertTrue(c.kubernetes().clusters().isEmpty());
    assertTrue(c.kubernetes().cluster("prod").isEmpty());
  }

  @Test
  void exactlyOneOfKubeconfigFileOrInClusterIsRequired() {
    List<String> problems =
        problems(
            config(
                clusters(
                    """
            - name: both
              kubeconfigFile: a.yaml
              inCluster: true
            - name: neither
              namespace: x
            - name: off
              inCluster: false
        """),
                SSH_PROD));
    for (int i = 0; i < 3; i++) {
      assertTrue(
          problemAt(problems, "kubernetes.clusters[" + i + "].kubeconfigFile")
              .contains("exactly one"),
          problems.toString());
    }
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  void contextOnlyWithKubeconfigFile() {
    List<String> problems =
        problems(
            config(
                clusters(
                    """
            - name: home
              inCluster: true
              context: admin
        """),
                SSH_PROD));
    assertEquals("only with kubeconfigFile", problemAt(problems, "kubernetes.clusters[0].context"));
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void inClusterMustBeABoolean() {
    List<String> problems =
        problems(
            config(
                clusters(
                    """
            - name: home
              inCluster: "yes"
              kubeconfigFile: a.yaml
        """),
                SSH_PROD));
    assertEquals("must be true or false", problemAt(problems, "kubernetes.clusters[0].inCluster"));
  }

  @Test
  void badNamespaceNamesAreRefused() {
    for (String ns : List.of("Team_A", "-lead", "trail-", "a".repeat(64), "dots.not.allowed")) {
      List<String> problems =
          problems(
              config(
                  clusters(
                      """
              - name: prod
                inCluster: true
                namespace: "%s"
          """
                          .formatted(ns)),
                  SSH_PROD));
      String reason = problemAt(problems, "kubernetes.clusters[0].namespace");
      assertTrue(reason.contains("'" + ns + "' is not a Kubernetes namespace name"), reason);
      assertEquals(1, problems.size(), problems.toString());
    }
  }

  @Test
  void longestValidNamespaceIsAccepted() {
    String ns = "a".repeat(63);
    TailGrantConfig c =
        load(
            config(
                clusters(
                    """
            - name: prod
              inCluster: true
              namespace: %s
        """
                        .formatted(ns)),
                SSH_PROD));
    assertEquals(ns, c.kubernetes().cluster("prod").orElseThrow().namespace());
  }

  @Test
  void clusterNamesAreRequiredWellFormedAndUnique() {
    List<String> problems =
        problems(
            config(
                clusters(
                    """
            - name: prod
              inCluster: true
            - name: prod
              kubeconfigFile: other.yaml
            - name: Prod_2
              inCluster: true
            - inCluster: true
        """),
                SSH_PROD));
    assertTrue(
        problemAt(problems, "kubernetes.clusters[1].name")
            .contains("'prod' is used by another cluster"));
    assertTrue(problemAt(problems, "kubernetes.clusters[2].name").contains("lower-case"));
    assertTrue(problemAt(problems, "kubernetes.clusters[3].name").contains("is required"));
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  void serverMustBeAnHttpUrl() {
    List<String> problems =
        problems(
            config(
                clusters(
                    """
            - name: prod
              inCluster: true
              server: prod.k8s.example.com:6443
        """),
                SSH_PROD));
    assertEquals("must be an http(s) URL", problemAt(problems, "kubernetes.clusters[0].server"));
  }

  // ---------------------------------------------------------------- serverCa

  /** A self-signed CA certificate (no key anywhere): what an admin would put in serverCaFile. */
  private static final String TEST_CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBjzCCATWgAwIBAgIUJrhIPasFFLPSVHF/KKPHRJLZotMwCgYIKoZIzj0EAwIw
      HDEaMBgGA1UEAwwRVGFpbEdyYW50IHRlc3QgQ0EwIBcNMjYxMTMwMjM0NDE1WhgP
      MjEyNjExMDYyMzQ0MTVaMBwxGjAYBgNVBAMMEVRhaWxHcmFudCB0ZXN0IENBMFkw
      EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpTj3P2JT3YKlfdvn1ZWxZMaTYeJya+cT
      6uPHpRq9Tt+N20nKMyUw1L4pX01rZuTEhLCgHGfakjL+pSW96+abBaNTMFEwHQYD
      VR0OBBYEFO2NBH48DS7O28wFoCOgBnwq9wm/MB8GA1UdIwQYMBaAFO2NBH48DS7O
      28wFoCOgBnwq9wm/MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
      FymRc1BveZMpZ6ZeetmwRq5FA5vVQt75k64yHUlwn8ACIQDTocfStnhjevj6StG8
      2YBuJVOcQ7TEVIwXy0SYypSm9A==
      -----END CERTIFICATE-----
      """;

  private static String oneCluster(String extra) {
    return clusters(
        """
            - name: prod
              inCluster: true
              server: https://tailscale-operator.tail1234.ts.net
        """
            + extra);
  }

  @Test
  void serverCaDefaultsToTheClustersOwn() {
    TailGrantConfig c = load(config(oneCluster(""), SSH_PROD));
    assertEquals(KubeconfigCa.CLUSTER, c.kubernetes().cluster("prod").orElseThrow().serverCa());
    TailGrantConfig explicit = load(config(oneCluster("      serverCa: cluster\n"), SSH_PROD));
    assertEquals(
        KubeconfigCa.CLUSTER, explicit.kubernetes().cluster("prod").orElseThrow().serverCa());
  }

  @Test
  void serverCaPublicLeavesTheCaOut() {
    TailGrantConfig c = load(config(oneCluster("      serverCa: public\n"), SSH_PROD));
    assertEquals(KubeconfigCa.PUBLIC, c.kubernetes().cluster("prod").orElseThrow().serverCa());
  }

  @Test
  void serverCaFileIsReadRelativeToTheConfigAndKeptAsBase64() throws IOException {
    Files.writeString(dir.resolve("proxy-ca.pem"), TEST_CA);
    TailGrantConfig c = load(config(oneCluster("      serverCaFile: proxy-ca.pem\n"), SSH_PROD));
    KubeconfigCa ca = c.kubernetes().cluster("prod").orElseThrow().serverCa();
    assertEquals(KubeconfigCa.Source.FILE, ca.source());
    assertEquals(dir.resolve("proxy-ca.pem"), ca.file());
    assertEquals(
        TEST_CA,
        new String(java.util.Base64.getDecoder().decode(ca.data())),
        "the file's PEM as certificate-authority-data takes it");
    assertEquals("file:" + dir.resolve("proxy-ca.pem"), ca.toString());
  }

  @Test
  void serverCaProblemsNameTheirKey() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), TEST_CA);
    Files.writeString(dir.resolve("not-pem.txt"), "hello");
    Files.writeString(
        dir.resolve("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    Files.writeString(
        dir.resolve("with-key.pem"),
        TEST_CA + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    String at = "kubernetes.clusters[0].";
    Map<String, String> cases =
        Map.of(
            "      serverCa: private\n",
            "serverCa: 'private' is not one of cluster, public (or give serverCaFile: a PEM file)",
            "      serverCa: public\n      serverCaFile: ca.pem\n",
            "serverCaFile: give serverCa or serverCaFile, not both",
            "      serverCaFile: missing.pem\n",
            "serverCaFile: '" + dir.resolve("missing.pem") + "' does not exist",
            "      serverCaFile: not-pem.txt\n",
            "serverCaFile: '"
                + dir.resolve("not-pem.txt")
                + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            "      serverCaFile: broken.pem\n",
            "serverCaFile: '" + dir.resolve("broken.pem") + "' is not a valid PEM certificate",
            "      serverCaFile: with-key.pem\n",
            "serverCaFile: '"
                + dir.resolve("with-key.pem")
                + "' holds a private key: give the CA certificate only");
    for (var e : cases.entrySet()) {
      List<String> problems = problems(config(oneCluster(e.getKey()), SSH_PROD));
      assertEquals(1, problems.size(), e.getKey() + problems);
      assertTrue(
          problems.get(0).startsWith(file + ": " + at + e.getValue()),
          e.getKey() + " -> " + problems.get(0));
    }
  }

  @Test
  void aCaOtherThanTheClustersNeedsAServerUrl() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), TEST_CA);
    String noServer =
        """
            - name: prod
              inCluster: true
        """;
    List<String> pub = problems(config(clusters(noServer + "      serverCa: public\n"), SSH_PROD));
    assertEquals(
        "public only with server (a URL with a publicly trusted certificate)",
        problemAt(pub, "kubernetes.clusters[0].serverCa"));
    List<String> fromFile =
        problems(config(clusters(noServer + "      serverCaFile: ca.pem\n"), SSH_PROD));
    assertEquals(
        "only with server (the URL whose certificate it signed)",
        problemAt(fromFile, "kubernetes.clusters[0].serverCaFile"));
  }

  @Test
  void emptyClusterListIsRefused() {
    List<String> problems =
        problems(HEAD + "kubernetes:\n  clusters: []\ngrantTypes:\n" + SSH_PROD);
    assertEquals("must list at least one cluster", problemAt(problems, "kubernetes.clusters"));
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void clustersThatIsNotAListIsReportedOnce() {
    List<String> problems =
        problems(HEAD + "kubernetes:\n  clusters: prod\ngrantTypes:\n" + SSH_PROD);
    assertEquals("must be a list", problemAt(problems, "kubernetes.clusters"));
  }

  @Test
  void unknownKeysInTheKubernetesSectionAreErrors() {
    List<String> problems =
        problems(
            HEAD
                + """
        kubernetes:
          clusters:
            - name: prod
              inCluster: true
              token: abc
          defaultCluster: prod
        grantTypes:
        """
                + SSH_PROD);
    assertEquals("unknown key", problemAt(problems, "kubernetes.clusters[0].token"));
    assertEquals("unknown key", problemAt(problems, "kubernetes.defaultCluster"));
    assertEquals(2, problems.size(), problems.toString());
  }

  @Test
  void kubernetesMustBeAMapping() {
    List<String> problems = problems(HEAD + "kubernetes: [prod]\ngrantTypes:\n" + SSH_PROD);
    assertEquals("must be a mapping", problemAt(problems, "kubernetes"));
  }

  // ---------------------------------------------------------------- kubernetes grant types

  @Test
  void kubernetesGrantTypeLoadsIntoASpec() {
    TailGrantConfig c =
        load(
            config(
                TWO_CLUSTERS,
                K8S_VIEW
                    + """
          - name: team-edit
            description: edit in team-a
            kind: kubernetes
            clusters: [prod]
            role: edit
            namespace: team-a
            maxDuration: 2h
            risk: high
            requesters: [group:sre]
            approvers: [group:sre]
        """));
    GrantTypeConfig view = c.grantType("k8s-view").orElseThrow();
    assertEquals(GrantKind.KUBERNETES, view.kind());
    assertEquals(TargetRule.cluster(List.of("prod", "home")), view.target());
    assertEquals(new KubernetesRole("view", null), view.kubernetes());
    assertNull(view.capability());
    assertTrue(view.tags().isEmpty());
    assertNull(view.posture());

    GrantSpec edit = c.spec(c.grantType("team-edit").orElseThrow());
    assertEquals(new KubernetesRole("edit", "team-a"), edit.kubernetes());
    assertEquals(TargetRule.cluster(List.of("prod")), edit.target());
    assertEquals(Set.of("bob@example.com", "erin@example.com"), edit.requesters());
    assertTrue(c.managedTags().isEmpty(), "kubernetes types manage no tags");
    assertTrue(c.managedAttributeKeys().isEmpty(), "nor posture attributes");
  }

  @Test
  void kubernetesGrantTypeNeedsClustersThatAreConfigured() {
    List<String> missing =
        problems(
            config(
                TWO_CLUSTERS,
                """
          - name: t
            description: x
            kind: kubernetes
            role: view
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """));
    assertTrue(
        problemAt(missing, "grantTypes[0].clusters").contains("is required"), missing.toString());
    assertEquals(1, missing.size(), missing.toString());

    List<String> unknown =
        problems(
            config(
                TWO_CLUSTERS,
                """
          - name: t
            description: x
            kind: kubernetes
            clusters: [prod, staging]
            role: view
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """));
    assertEquals(
        "'staging' is not one of kubernetes.clusters",
        problemAt(unknown, "grantTypes[0].clusters"));
    assertEquals(1, unknown.size(), unknown.toString());

    List<String> noSection =
        problems(HEAD + "grantTypes:\n" + K8S_VIEW.replace("[prod, home]", "[prod]"));
    assertEquals(
        "'prod' is not one of kubernetes.clusters", problemAt(noSection, "grantTypes[0].clusters"));
  }

  @Test
  void emptyClusterListOnAGrantTypeIsRefused() {
    List<String> problems = problems(config(TWO_CLUSTERS, K8S_VIEW.replace("[prod, home]", "[]")));
    assertTrue(
        problemAt(problems, "grantTypes[0].clusters").contains("must not be empty"),
        problems.toString());
  }

  @Test
  void roleIsRequiredUnlessACapabilityGivesIt() {
    List<String> problems =
        problems(
            config(
                TWO_CLUSTERS,
                """
          - name: t
            description: x
            kind: kubernetes
            clusters: [prod]
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """));
    assertTrue(
        problemAt(problems, "grantTypes[0].role").contains("is required"), problems.toString());
    assertEquals(1, problems.size(), problems.toString());

    TailGrantConfig c =
        load(
            config(
                TWO_CLUSTERS,
                """
          - name: tka
            description: role from the capability
            kind: kubernetes
            clusters: [prod]
            capability: example.com/cap/tailgrant-kubernetes
            maxDuration: 1h
            risk: low
        """));
    GrantTypeConfig tka = c.grantType("tka").orElseThrow();
    assertEquals("example.com/cap/tailgrant-kubernetes", tka.capability());
    assertNull(tka.kubernetes(), "no role and no namespace: it all comes from the capability");
  }

  @Test
  void capabilityTypeMayFixTheNamespace() {
    TailGrantConfig c =
        load(
            config(
                TWO_CLUSTERS,
                """
          - name: tka
            description: x
            kind: kubernetes
            clusters: [prod]
            capability: example.com/cap/tka
            namespace: team-a
            maxDuration: 1h
            risk: low
        """));
    assertEquals(new KubernetesRole(null, "team-a"), c.grantType("tka").orElseThrow().kubernetes());
  }

  @Test
  void capabilityNamesAreChecked() {
    for (String cap :
        List.of("tka", "example.com/", "/cap/tka", "example com/cap", "exa_mple.com/cap")) {
      List<String> problems =
          problems(
              config(
                  TWO_CLUSTERS,
                  """
            - name: t
              description: x
              kind: kubernetes
              clusters: [prod]
              capability: "%s"
              maxDuration: 1h
              risk: low
          """
                      .formatted(cap)));
      String reason = problemAt(problems, "grantTypes[0].capability");
      assertTrue(reason.contains("'" + cap + "' must be an app capability name"), reason);
      assertEquals(1, problems.size(), cap + ": " + problems);
    }
  }

  @Test
  void grantTypeNamespaceMustBeAKubernetesName() {
    List<String> problems = problems(config(TWO_CLUSTERS, K8S_VIEW + "    namespace: Team_A\n"));
    assertTrue(
        problemAt(problems, "grantTypes[0].namespace").contains("not a Kubernetes namespace name"));
  }

  @Test
  void kubernetesGrantTypeRefusesTagsPostureAndTarget() {
    for (String extra :
        List.of(
            "    tags: [tag:deploy]\n",
            "    posture: {key: \"custom:x\", value: true}\n",
            "    target: {rule: tagged, tags: [tag:ci]}\n")) {
      List<String> problems = problems(config(TWO_CLUSTERS, K8S_VIEW + extra));
      String reason = problemAt(problems, "grantTypes[0].kind");
      assertTrue(reason.contains("not tags, posture or target"), reason);
      assertEquals(1, problems.size(), extra + problems);
    }
  }

  @Test
  void requestersDefaultToEveryMemberForCapabilityTypesOnly() {
    TailGrantConfig c =
        load(
            config(
                TWO_CLUSTERS,
                """
          - name: tka
            description: x
            kind: kubernetes
            clusters: [prod]
            capability: example.com/cap/tka
            maxDuration: 1h
            risk: low
          - name: narrowed
            description: x
            kind: kubernetes
            clusters: [prod]
            capability: example.com/cap/tka
            maxDuration: 1h
            risk: low
            requesters: [group:sre]
        """));
    assertEquals(List.of(Policy.ANY_MEMBER), c.grantType("tka").orElseThrow().requesters());
    assertEquals(Set.of(Policy.ANY_MEMBER), c.spec(c.grantType("tka").orElseThrow()).requesters());
    assertEquals(List.of("group:sre"), c.grantType("narrowed").orElseThrow().requesters());

    List<String> problems =
        problems(
            config(
                TWO_CLUSTERS,
                """
          - name: t
            description: x
            kind: kubernetes
            clusters: [prod]
            role: view
            maxDuration: 1h
            risk: low
        """));
    assertTrue(
        problemAt(problems, "grantTypes[0].requesters").contains("is required"),
        problems.toString());
  }

  @Test
  void kubernetesKeysOnOtherKindsAreUnknown() {
    List<String> problems =
        problems(
            config(
                TWO_CLUSTERS,
                """
          - name: t
            description: x
            kind: posture
            posture: {key: "custom:x", value: true}
            clusters: [prod]
            role: view
            capability: example.com/cap/tka
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """));
    assertEquals("unknown key", problemAt(problems, "grantTypes[0].clusters"));
    assertEquals("unknown key", problemAt(problems, "grantTypes[0].role"));
    assertEquals("unknown key", problemAt(problems, "grantTypes[0].capability"));
    assertEquals(3, problems.size(), problems.toString());
  }

  @Test
  void clusterTargetRuleOnATagsGrantTypeIsRefused() {
    List<String> problems =
        problems(
            HEAD
                + """
        grantTypes:
          - name: t
            description: x
            kind: tags
            tags: [tag:deploy]
            target: {rule: cluster}
            maxDuration: 1h
            risk: low
            requesters: [autogroup:member]
        """);
    problemAt(problems, "grantTypes[0].target.rule");
  }

  // ---------------------------------------------------------------- tkaGrantType

  private static final String TKA_TYPE =
      """
        - name: tka
          description: TKA sign-in
          kind: kubernetes
          clusters: [prod]
          capability: example.com/cap/tka
          maxDuration: 1h
          risk: low
      """;

  @Test
  void tkaGrantTypeNamesAKubernetesTypeWithACapability() {
    TailGrantConfig c = load(config(TWO_CLUSTERS + "  tkaGrantType: tka\n", TKA_TYPE));
    assertEquals("tka", c.kubernetes().tkaGrantType());
    assertEquals("tka", c.tkaGrantType().orElseThrow().name());
  }

  @Test
  void tkaGrantTypeMustExist() {
    List<String> problems = problems(config(TWO_CLUSTERS + "  tkaGrantType: nope\n", TKA_TYPE));
    assertEquals("there is no grant type 'nope'", problemAt(problems, "kubernetes.tkaGrantType"));
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void tkaGrantTypeWithoutACapabilityOrOfAnotherKindIsRefused() {
    for (String name : List.of("k8s-view", "ssh-prod")) {
      List<String> problems =
          problems(config(TWO_CLUSTERS + "  tkaGrantType: " + name + "\n", K8S_VIEW + SSH_PROD));
      assertEquals(
          "'" + name + "' must be a kubernetes grant type with a capability",
          problemAt(problems, "kubernetes.tkaGrantType"));
      assertEquals(1, problems.size(), problems.toString());
    }
  }
}
