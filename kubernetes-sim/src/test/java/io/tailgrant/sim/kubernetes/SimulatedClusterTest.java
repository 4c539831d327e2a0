package io.tailgrant.sim.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedClusterTest {
  /** Not on a whole second, so the truncation of the expiration timestamp shows. */
  private static final Instant NOW = Instant.parse("2030-05-01T10:00:00.750Z");

  private static final String NS = "tailgrant";

  private SimulatedCluster cluster;
  private KubernetesClient k;

  @BeforeEach
  void start() {
    cluster = SimulatedCluster.start(0, Clock.fixed(NOW, ZoneOffset.UTC));
    k = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private ServiceAccount createServiceAccount(String name, Map<String, String> labels) {
    return k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private TokenRequest requestToken(String account, Long seconds) {
    TokenRequestBuilder b =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds).endSpec();
    return k.serviceAccounts().inNamespace(NS).withName(account).tokenRequest(b.build());
  }

  // ---------------------------------------------------------------- TokenRequest

  @Test
  void tokenRequestForAMissingServiceAccountIs404() {
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> requestToken("nobody", 3600L));
    assertEquals(404, e.getCode(), e.getMessage());
    assertTrue(cluster.issuedTokens().isEmpty());
  }

  @Test
  void tokenRequestShorterThanTenMinutesIs422() {
    createServiceAccount("sa", Map.of());
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> requestToken("sa", 599L));
    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getStatus().getMessage().contains("10 minutes"), e.getStatus().getMessage());
    assertTrue(cluster.issuedTokens().isEmpty());
  }

  @Test
  void tokenRequestOfExactlyTenMinutesIsIssued() {
    createServiceAccount("sa", Map.of());
    TokenRequest answer = requestToken("sa", 600L);
    assertEquals(
        Instant.parse("2030-05-01T10:10:00Z"),
        Instant.parse(answer.getStatus().getExpirationTimestamp()));
  }

  @Test
  void expirationIsTheClocksWholeSecondPlusTheAskedLifetime() {
    createServiceAccount("sa", Map.of());
    TokenRequest answer = requestToken("sa", 1800L);
    Instant expected = Instant.parse("2030-05-01T10:30:00Z");
    assertEquals(expected, Instant.parse(answer.getStatus().getExpirationTimestamp()));
    assertNotNull(answer.getStatus().getToken());
    assertTrue(answer.getStatus().getToken().startsWith("sim."), answer.getStatus().getToken());
  }

  @Test
  void expirationDefaultsToOneHourWhenUnset() {
    createServiceAccount("sa", Map.of());
    TokenRequest answer =
        k.serviceAccounts()
            .inNamespace(NS)
            .withName("sa")
            .tokenRequest(new TokenRequestBuilder().withNewSpec().endSpec().build());
    assertEquals(
        Instant.parse("2030-05-01T11:00:00Z"),
        Instant.parse(answer.getStatus().getExpirationTimestamp()));
  }

  @Test
  void issuedTokensAreRemembered() {
    createServiceAccount("sa", Map.of());
    createServiceAccount("other", Map.of());
    String first = requestToken("sa", 900L).getStatus().getToken();
    String second = requestToken("other", 1200L).getStatus().getToken();
    assertTrue(!first.equals(second), "every token is fresh");

    assertEquals(
        new IssuedToken(NS, "sa", Instant.parse("2030-05-01T10:15:00Z")),
        cluster.token(first).orElseThrow());
    assertEquals(
        new IssuedToken(NS, "other", Instant.parse("2030-05-01T10:20:00Z")),
        cluster.token(second).orElseThrow());
    assertTrue(cluster.token("sim.never-issued").isEmpty());
    assertEquals(2, cluster.issuedTokens().size());
    assertThrows(
        UnsupportedOperationException.class,
        () -> cluster.issuedTokens().clear(),
        "a copy, not the live map");
  }

  // ---------------------------------------------------------------- CRUD

  @Test
  void serviceAccountsAreCreatedReadListedByLabelAndDeleted() {
    createServiceAccount("a", Map.of("tailgrant.io/grant", "g-1"));
    createServiceAccount("b", Map.of("tailgrant.io/grant", "g-2"));

    assertEquals(
        "g-1",
        k.serviceAccounts()
            .inNamespace(NS)
            .withName("a")
            .get()
            .getMetadata()
            .getLabels()
            .get("tailgrant.io/grant"));
    List<ServiceAccount> g2 =
        k.serviceAccounts()
            .inNamespace(NS)
            .withLabel("tailgrant.io/grant", "g-2")
            .list()
            .getItems();
    assertEquals(List.of("b"), g2.stream().map(s -> s.getMetadata().getName()).toList());
    assertEquals(2, k.serviceAccounts().inNamespace(NS).list().getItems().size());

    k.serviceAccounts().inNamespace(NS).withName("a").delete();
    assertNull(k.serviceAccounts().inNamespace(NS).withName("a").get());
    assertEquals(1, k.serviceAccounts().inNamespace(NS).list().getItems().size());
  }

  @Test
  void tokenRequestAfterTheServiceAccountIsDeletedIs404() {
    createServiceAccount("sa", Map.of());
    requestToken("sa", 600L);
    k.serviceAccounts().inNamespace(NS).withName("sa").delete();
    assertEquals(
        404,
        assertThrows(KubernetesClientException.class, () -> requestToken("sa", 600L)).getCode());
  }

  @Test
  void clusterRoleBindingsAreCreatedReadListedByLabelAndDeleted() {
    for (String grant : List.of("g-1", "g-2")) {
      k.rbac()
          .clusterRoleBindings()
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName("tailgrant-" + grant)
                  .addToLabels("tailgrant.io/grant", grant)
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName("view")
                  .endRoleRef()
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName("tailgrant-" + grant)
                  .withNamespace(NS)
                  .endSubject()
                  .build())
          .create();
    }
    ClusterRoleBinding one = k.rbac().clusterRoleBindings().withName("tailgrant-g-1").get();
    assertEquals("view", one.getRoleRef().getName());
    assertEquals("tailgrant-g-1", one.getSubjects().get(0).getName());
    List<ClusterRoleBinding> g2 =
        k.rbac().clusterRoleBindings().withLabel("tailgrant.io/grant", "g-2").list().getItems();
    assertEquals(
        List.of("tailgrant-g-2"), g2.stream().map(b -> b.getMetadata().getName()).toList());

    k.rbac().clusterRoleBindings().withName("tailgrant-g-1").delete();
    assertNull(k.rbac().clusterRoleBindings().withName("tailgrant-g-1").get());
    assertEquals(1, k.rbac().clusterRoleBindings().list().getItems().size());
  }

  // ---------------------------------------------------------------- kubeconfig

  @Test
  void writtenKubeconfigIsOwnerOnlyAndReachesTheCluster(@TempDir Path dir) throws Exception {
    Path file = cluster.writeKubeconfig(dir.resolve("nested/admin.kubeconfig"), "sim");
    assertEquals(dir.resolve("nested/admin.kubeconfig"), file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Config config = Config.fromKubeconfig(file.toFile());
    assertEquals("sim", config.getCurrentContext().getName());
    assertTrue(config.getMasterUrl().startsWith(cluster.url()), config.getMasterUrl());
    // fabric8 keeps a kubeconfig user's token as the "auto" OAuth token.
    assertEquals("simulated-cluster-admin", config.getAutoOAuthToken());

    createServiceAccount("seen-by-both", Map.of());
    try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
      assertNotNull(fromFile.serviceAccounts().inNamespace(NS).withName("seen-by-both").get());
      fromFile
          .serviceAccounts()
          .inNamespace(NS)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("made-through-kubeconfig")
                  .endMetadata()
                  .build())
          .create();
    }
    assertNotNull(k.serviceAccounts().inNamespace(NS).withName("made-through-kubeconfig").get());
  }

  @Test
  void urlAndPortAgree() {
    assertEquals("http://127.0.0.1:" + cluster.port(), cluster.url());
    assertTrue(cluster.port() > 0);
  }

  // ---------------------------------------------------------------- the request log

  @Test
  void everyRequestIsLoggedWithTheUserItsTokenStandsFor() {
    KubernetesClient worker = cluster.clientAs("system:serviceaccount:tailgrant:tailgrant-worker");
    ServiceAccount sa =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("g-1")
            .withNamespace(NS)
            .endMetadata()
            .build();
    worker.serviceAccounts().inNamespace(NS).resource(sa).create();
    worker.serviceAccounts().inNamespace(NS).withLabel("a", "b").list();
    worker
        .serviceAccounts()
        .inNamespace(NS)
        .withName("g-1")
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build());
    k.serviceAccounts().inNamespace(NS).withName("g-1").get();

    List<ApiRequest> sent = cluster.requestsBy("system:serviceaccount:tailgrant:tailgrant-worker");
    assertEquals(
        List.of(
            "create serviceaccounts " + NS + " ",
            "list serviceaccounts " + NS + " ",
            "create serviceaccounts/token " + NS + " g-1"),
        sent.stream()
            .map(
                r ->
                    r.attributes().verb()
                        + " "
                        + r.attributes().resourceAndSubresource()
                        + " "
                        + r.attributes().namespace()
                        + " "
                        + r.attributes().name())
            .toList());
    assertTrue(sent.get(0).body().contains("\"g-1\""), "a create carries the object sent");
    assertEquals("", sent.get(1).body());
    ApiRequest adminGet = cluster.requests().get(cluster.requests().size() - 1);
    assertEquals(AuditingDispatcher.ANONYMOUS, adminGet.user(), "the admin client sends no token");
    assertEquals("get", adminGet.attributes().verb());

    String token = cluster.issuedTokens().keySet().iterator().next();
    Config asGrant = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).build();
    asGrant.setOauthToken(token);
    try (KubernetesClient grant = new KubernetesClientBuilder().withConfig(asGrant).build()) {
      grant.pods().inNamespace("default").list();
    }
    assertEquals(
        1,
        cluster.requestsBy("system:serviceaccount:" + NS + ":g-1").size(),
        "an issued token authenticates as its ServiceAccount");
  }
}
