package io.tailgrant.kubernetes;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.REQUESTER_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.objectName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tailgrant.config.KubeconfigCa;
import io.tailgrant.config.KubernetesClusterConfig;
import io.tailgrant.sim.kubernetes.IssuedToken;
import io.tailgrant.sim.kubernetes.SimulatedCluster;
import io.tailgrant.tailnet.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The activity implementation on its own, against a simulated API server and a clock that moves
 * when told.
 */
class KubernetesActivitiesImplTest {
  private static final Instant START = Instant.parse("2030-05-01T10:00:00Z");
  private static final String NS = "tailgrant";
  private static final KubernetesRole VIEW = new KubernetesRole("view", null);
  private static final KubernetesRole TEAM_EDIT = new KubernetesRole("edit", "team-a");

  private MutableClock time;
  private Clock clock;
  private SimulatedCluster sim;

  /** The test's own view of the cluster (an admin). */
  private KubernetesClient k;

  /** What the activities use: a client authenticated as the shipped worker's ServiceAccount. */
  private KubernetesClient worker;

  /** The grants the liveness predicate calls open; everything else has ended. */
  private final Set<String> openGrants = new HashSet<>();

  private final List<String> livenessAsked = new ArrayList<>();
  private KubernetesActivitiesImpl activities;

  private static KubernetesClusterConfig clusterConfig(String server) {
    return new KubernetesClusterConfig(
        "test", false, Path.of("unused.kubeconfig"), null, NS, server);
  }

  private KubernetesActivitiesImpl activitiesWith(KubernetesClusters.Cluster cluster) {
    return new KubernetesActivitiesImpl(
        new KubernetesClusters(Map.of("test", cluster)),
        grantId -> {
          livenessAsked.add(grantId);
          return openGrants.contains(grantId);
        },
        clock);
  }

  @BeforeEach
  void start() {
    time = new MutableClock(START);
    clock = time.withZone(ZoneOffset.UTC);
    sim = SimulatedCluster.start(0, clock);
    k = sim.client();
    worker = sim.clientAs(ShippedRbac.WORKER);
    activities = activitiesWith(new KubernetesClusters.Cluster(clusterConfig(null), worker));
  }

  /** Everything the worker sent is what the shipped RBAC allows (bind: the roles used here). */
  @AfterEach
  void stop() {
    try {
      List<String> refused =
          ShippedRbac.load()
              .deployedFor(NS, Set.of(VIEW.clusterRole(), TEAM_EDIT.clusterRole()))
              .refusals(sim.requestsBy(ShippedRbac.WORKER));
      assertTrue(refused.isEmpty(), "the shipped RBAC refuses:\n" + String.join("\n", refused));
    } finally {
      sim.close();
    }
  }

  private static KubernetesAccess access(String grantId, KubernetesRole role, Instant endsAt) {
    return new KubernetesAccess(grantId, "test", role, "alice@example.com", endsAt);
  }

  private ServiceAccount serviceAccount(String grantId) {
    return k.serviceAccounts().inNamespace(NS).withName(objectName(grantId)).get();
  }

  private ClusterRoleBinding clusterBinding(String grantId) {
    return k.rbac().clusterRoleBindings().withName(objectName(grantId)).get();
  }

  private RoleBinding roleBinding(String namespace, String grantId) {
    return k.rbac().roleBindings().inNamespace(namespace).withName(objectName(grantId)).get();
  }

  private List<HasMetadata> objectsOf(String grantId) {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(
        k.serviceAccounts().inAnyNamespace().withLabel(GRANT_LABEL, grantId).list().getItems());
    all.addAll(k.rbac().clusterRoleBindings().withLabel(GRANT_LABEL, grantId).list().getItems());
    all.addAll(
        k.rbac().roleBindings().inAnyNamespace().withLabel(GRANT_LABEL, grantId).list().getItems());
    return all;
  }

  private String workerUrl() {
    return worker.getConfiguration().getMasterUrl().replaceAll("/$", "");
  }

  /** The one-time key kubeconfigs are sealed to in these tests. */
  private static final java.security.KeyPair RECIPIENT =
      io.tailgrant.secrets.RecipientSeal.newRecipient();

  private static final String KEY = io.tailgrant.secrets.RecipientSeal.publicKey(RECIPIENT);

  private static String yaml(IssuedKubeconfig issued, String grantId) {
    return io.tailgrant.secrets.RecipientSeal.open(issued.kubeconfig(), RECIPIENT, grantId);
  }

  private static io.fabric8.kubernetes.api.model.Config kubeconfig(
      IssuedKubeconfig issued, String grantId) {
    return Serialization.unmarshal(
        yaml(issued, grantId), io.fabric8.kubernetes.api.model.Config.class);
  }

  // ---------------------------------------------------------------- provision

  @Test
  void provisionCreatesAServiceAccountAndAClusterRoleBindingWithLabelsAndAnnotations() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-view1", VIEW, end));

    ServiceAccount sa = serviceAccount("g-view1");
    assertNotNull(sa);
    assertEquals(
        Boolean.FALSE, sa.getAutomountServiceAccountToken(), "no token is mounted into pods");
    ClusterRoleBinding crb = clusterBinding("g-view1");
    assertNotNull(crb);
    for (HasMetadata o : List.of(sa, crb)) {
      Map<String, String> labels = o.getMetadata().getLabels();
      assertEquals("tailgrant", labels.get(MANAGED_BY_LABEL), o.getKind());
      assertEquals("g-view1", labels.get(GRANT_LABEL), o.getKind());
      Map<String, String> annotations = o.getMetadata().getAnnotations();
      assertEquals("alice@example.com", annotations.get(REQUESTER_ANNOTATION), o.getKind());
      assertEquals(end.toString(), annotations.get(ENDS_AT_ANNOTATION), o.getKind());
    }
    assertEquals("ClusterRole", crb.getRoleRef().getKind());
    assertEquals("rbac.authorization.k8s.io", crb.getRoleRef().getApiGroup());
    assertEquals("view", crb.getRoleRef().getName());
    assertEquals(1, crb.getSubjects().size());
    assertEquals("ServiceAccount", crb.getSubjects().get(0).getKind());
    assertEquals(objectName("g-view1"), crb.getSubjects().get(0).getName());
    assertEquals(NS, crb.getSubjects().get(0).getNamespace());
    assertTrue(
        k.rbac().roleBindings().inAnyNamespace().list().getItems().isEmpty(),
        "cluster-wide: no RoleBinding");
  }

  @Test
  void provisionWithANamespaceCreatesARoleBindingThereAndNoClusterRoleBinding() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-edit1", TEAM_EDIT, end));

    assertNotNull(serviceAccount("g-edit1"), "the ServiceAccount stays in the cluster's namespace");
    RoleBinding rb = roleBinding("team-a", "g-edit1");
    assertNotNull(rb);
    assertEquals("team-a", rb.getMetadata().getNamespace());
    assertEquals("ClusterRole", rb.getRoleRef().getKind());
    assertEquals("edit", rb.getRoleRef().getName());
    assertEquals(NS, rb.getSubjects().get(0).getNamespace());
    assertEquals(objectName("g-edit1"), rb.getSubjects().get(0).getName());
    assertEquals("g-edit1", rb.getMetadata().getLabels().get(GRANT_LABEL));
    assertEquals(end.toString(), rb.getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION));
    assertNull(roleBinding(NS, "g-edit1"));
    assertNull(clusterBinding("g-edit1"));
    assertTrue(k.rbac().clusterRoleBindings().list().getItems().isEmpty());
  }

  @Test
  void provisionTwiceIsIdempotent() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-twice", VIEW, end));
    activities.provision(access("g-twice", VIEW, end));

    assertEquals(
        1,
        k.serviceAccounts()
            .inNamespace(NS)
            .withLabel(GRANT_LABEL, "g-twice")
            .list()
            .getItems()
            .size());
    assertEquals(
        1,
        k.rbac().clusterRoleBindings().withLabel(GRANT_LABEL, "g-twice").list().getItems().size());
    assertEquals(2, objectsOf("g-twice").size());
  }

  @Test
  void provisionTwiceOfANamespacedGrantIsIdempotent() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-twice-ns", TEAM_EDIT, end));
    activities.provision(access("g-twice-ns", TEAM_EDIT, end));
    assertEquals(2, objectsOf("g-twice-ns").size(), objectsOf("g-twice-ns").toString());
  }

  @Test
  void twoGrantsGetTheirOwnObjects() {
    activities.provision(access("g-a", VIEW, START.plus(Duration.ofHours(1))));
    activities.provision(access("g-b", TEAM_EDIT, START.plus(Duration.ofHours(2))));
    assertEquals(2, objectsOf("g-a").size());
    assertEquals(2, objectsOf("g-b").size());
    activities.deprovision("test", "g-a");
    assertTrue(objectsOf("g-a").isEmpty());
    assertEquals(2, objectsOf("g-b").size(), "removing one grant leaves the other alone");
  }

  // ---------------------------------------------------------------- extend

  @Test
  void extendRewritesTheEndOnEveryObject() {
    activities.provision(access("g-ext", VIEW, START.plus(Duration.ofHours(1))));
    Instant later = START.plus(Duration.ofHours(3));
    activities.extend("test", "g-ext", later);

    List<HasMetadata> objects = objectsOf("g-ext");
    assertEquals(2, objects.size());
    for (HasMetadata o : objects) {
      assertEquals(
          later.toString(), o.getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION), o.getKind());
      assertEquals(
          "alice@example.com",
          o.getMetadata().getAnnotations().get(REQUESTER_ANNOTATION),
          o.getKind());
    }
  }

  @Test
  void extendRewritesTheEndOnARoleBindingToo() {
    activities.provision(access("g-ext-ns", TEAM_EDIT, START.plus(Duration.ofHours(1))));
    Instant later = START.plus(Duration.ofMinutes(95));
    activities.extend("test", "g-ext-ns", later);
    assertEquals(
        later.toString(),
        roleBinding("team-a", "g-ext-ns").getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION));
    assertEquals(
        later.toString(),
        serviceAccount("g-ext-ns").getMetadata().getAnnotations().get(ENDS_AT_ANNOTATION));
  }

  // ---------------------------------------------------------------- deprovision

  @Test
  void deprovisionDeletesEverythingAndASecondDeprovisionSucceeds() {
    activities.provision(access("g-del", VIEW, START.plus(Duration.ofHours(1))));
    activities.provision(access("g-del-ns", TEAM_EDIT, START.plus(Duration.ofHours(1))));

    activities.deprovision("test", "g-del");
    activities.deprovision("test", "g-del-ns");
    assertNull(serviceAccount("g-del"));
    assertNull(clusterBinding("g-del"));
    assertNull(serviceAccount("g-del-ns"));
    assertNull(roleBinding("team-a", "g-del-ns"));
    assertTrue(objectsOf("g-del").isEmpty());
    assertTrue(objectsOf("g-del-ns").isEmpty());

    activities.deprovision("test", "g-del");
    activities.deprovision("test", "never-provisioned");
  }

  // ---------------------------------------------------------------- kubeconfig

  @Test
  void kubeconfigTokenLastsUntilTheGrantsEnd() {
    Instant end = START.plus(Duration.ofMinutes(45));
    activities.provision(access("g-kc", VIEW, end));
    IssuedKubeconfig issued = activities.mintKubeconfig("test", "g-kc", end, KEY);
    assertEquals(end, issued.tokenExpiresAt());
    String token = kubeconfig(issued, "g-kc").getUsers().get(0).getUser().getToken();
    assertEquals(new IssuedToken(NS, objectName("g-kc"), end), sim.token(token).orElseThrow());
  }

  @Test
  void kubeconfigTokenIsNeverShorterThanKubernetesMinimum() {
    Instant end = START.plus(Duration.ofMinutes(2));
    activities.provision(access("g-short", VIEW, end));
    IssuedKubeconfig issued = activities.mintKubeconfig("test", "g-short", end, KEY);
    assertEquals(
        START.plus(Duration.ofMinutes(10)),
        issued.tokenExpiresAt(),
        "a grant ending in 2 minutes still gets the 10 minutes Kubernetes insists on");
  }

  @Test
  void kubeconfigForAGrantWhoseEndHasPassedAsksForTheMinimum() {
    activities.provision(access("g-past", VIEW, START.plus(Duration.ofMinutes(5))));
    time.advance(Duration.ofMinutes(6));
    IssuedKubeconfig issued =
        activities.mintKubeconfig("test", "g-past", START.plus(Duration.ofMinutes(5)), KEY);
    assertEquals(START.plus(Duration.ofMinutes(16)), issued.tokenExpiresAt());
  }

  @Test
  void kubeconfigHoldsServerUserTokenAndTheDefaultNamespaceForAClusterWideGrant() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-yaml", VIEW, end));
    IssuedKubeconfig issued = activities.mintKubeconfig("test", "g-yaml", end, KEY);
    io.fabric8.kubernetes.api.model.Config c = kubeconfig(issued, "g-yaml");

    assertEquals(1, c.getClusters().size());
    NamedCluster cluster = c.getClusters().get(0);
    assertEquals("test", cluster.getName());
    // The URL the worker's own client uses (the sim's client says localhost), without a trailing
    // slash.
    assertEquals(workerUrl(), cluster.getCluster().getServer());
    assertTrue(
        cluster.getCluster().getServer().endsWith(":" + sim.port()),
        cluster.getCluster().getServer());
    assertNull(
        cluster.getCluster().getCertificateAuthorityData(), "the simulated cluster has no CA");
    assertEquals(1, c.getUsers().size());
    NamedAuthInfo user = c.getUsers().get(0);
    assertEquals(objectName("g-yaml"), user.getName());
    assertTrue(
        sim.token(user.getUser().getToken()).isPresent(), "the token was issued by the cluster");
    assertEquals(1, c.getContexts().size());
    NamedContext context = c.getContexts().get(0);
    assertEquals(c.getCurrentContext(), context.getName());
    assertEquals("test", context.getContext().getCluster());
    assertEquals(objectName("g-yaml"), context.getContext().getUser());
    assertEquals("default", context.getContext().getNamespace());

    Config loaded = Config.fromKubeconfig(yaml(issued, "g-yaml"));
    assertTrue(loaded.getMasterUrl().startsWith(workerUrl()), loaded.getMasterUrl());
    assertEquals("default", loaded.getNamespace());
    assertFalse(
        issued.toString().contains(user.getUser().getToken()),
        "toString never shows the credential");
  }

  @Test
  void kubeconfigContextNamespaceIsTheRoleBindingsNamespace() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-ctx", TEAM_EDIT, end));
    io.fabric8.kubernetes.api.model.Config c =
        kubeconfig(activities.mintKubeconfig("test", "g-ctx", end, KEY), "g-ctx");
    assertEquals("team-a", c.getContexts().get(0).getContext().getNamespace());
  }

  @Test
  void kubeconfigUsesTheConfiguredPublicServerUrl() {
    activities =
        activitiesWith(
            new KubernetesClusters.Cluster(clusterConfig("https://k8s.example.com:6443/"), worker));
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-pub", VIEW, end));
    io.fabric8.kubernetes.api.model.Config c =
        kubeconfig(activities.mintKubeconfig("test", "g-pub", end, KEY), "g-pub");
    assertEquals("https://k8s.example.com:6443", c.getClusters().get(0).getCluster().getServer());
  }

  @Test
  void kubeconfigCarriesTheClusterCaTheWorkerTrusts() {
    String ca =
        java.util.Base64.getEncoder()
            .encodeToString(
                "-----BEGIN CERTIFICATE-----\nnot a real CA\n-----END CERTIFICATE-----\n"
                    .getBytes());
    try (KubernetesClient withCa = workerTrusting(ca)) {
      assertEquals(KubeconfigCa.CLUSTER, clusterConfig(null).serverCa(), "the default");
      activities = activitiesWith(new KubernetesClusters.Cluster(clusterConfig(null), withCa));
      Instant end = START.plus(Duration.ofHours(1));
      activities.provision(access("g-ca", VIEW, end));
      io.fabric8.kubernetes.api.model.Config c =
          kubeconfig(activities.mintKubeconfig("test", "g-ca", end, KEY), "g-ca");
      assertEquals(ca, c.getClusters().get(0).getCluster().getCertificateAuthorityData());
      assertEquals(sim.url(), c.getClusters().get(0).getCluster().getServer());
    }
  }

  /** The worker's client trusts {@code ca}: what cluster mode would copy into kubeconfigs. */
  private KubernetesClient workerTrusting(String ca) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(sim.url())
            .withCaCertData(ca)
            .withOauthToken(worker.getConfiguration().getOauthToken())
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes());
  }

  /**
   * The Tailscale operator's API server proxy serves a publicly trusted certificate: with {@code
   * serverCa: public} the kubeconfig carries no CA, although the worker trusts one.
   */
  @Test
  void kubeconfigForAPublicServerCarriesNoCa() {
    try (KubernetesClient withCa = workerTrusting(base64("in-cluster CA"))) {
      activities =
          activitiesWith(
              new KubernetesClusters.Cluster(
                  new KubernetesClusterConfig(
                      "test",
                      false,
                      Path.of("unused.kubeconfig"),
                      null,
                      NS,
                      "https://tailscale-operator.tail1234.ts.net",
                      KubeconfigCa.PUBLIC),
                  withCa));
      Instant end = START.plus(Duration.ofHours(1));
      activities.provision(access("g-pub-ca", VIEW, end));
      IssuedKubeconfig issued = activities.mintKubeconfig("test", "g-pub-ca", end, KEY);
      NamedCluster c = kubeconfig(issued, "g-pub-ca").getClusters().get(0);
      assertNull(c.getCluster().getCertificateAuthorityData(), "the system's roots verify it");
      assertNull(c.getCluster().getCertificateAuthority());
      assertEquals("https://tailscale-operator.tail1234.ts.net", c.getCluster().getServer());
      assertFalse(yaml(issued, "g-pub-ca").contains("certificate-authority"));
    }
  }

  /** With {@code serverCaFile} the kubeconfig carries that file's CA, not the worker's. */
  @Test
  void kubeconfigCarriesTheConfiguredCaFileInsteadOfTheWorkersCa() {
    String fileCa =
        base64("-----BEGIN CERTIFICATE-----\nthe proxy's CA\n-----END CERTIFICATE-----\n");
    try (KubernetesClient withCa = workerTrusting(base64("in-cluster CA"))) {
      activities =
          activitiesWith(
              new KubernetesClusters.Cluster(
                  new KubernetesClusterConfig(
                      "test",
                      false,
                      Path.of("unused.kubeconfig"),
                      null,
                      NS,
                      "https://k8s-proxy.internal:443",
                      KubeconfigCa.file(Path.of("/etc/tailgrant/proxy-ca.pem"), fileCa)),
                  withCa));
      Instant end = START.plus(Duration.ofHours(1));
      activities.provision(access("g-file-ca", VIEW, end));
      NamedCluster c =
          kubeconfig(activities.mintKubeconfig("test", "g-file-ca", end, KEY), "g-file-ca")
              .getClusters()
              .get(0);
      assertEquals(fileCa, c.getCluster().getCertificateAuthorityData());
    }
  }

  @Test
  void kubeconfigWithoutAServiceAccountFails() {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                activities.mintKubeconfig(
                    "test", "g-missing", START.plus(Duration.ofHours(1)), KEY));
    assertTrue(e.getMessage().contains(objectName("g-missing")), e.getMessage());
  }

  // ---------------------------------------------------------------- removeOrphans

  @Test
  void removeOrphansRemovesObjectsOfGrantsThatAreNoLongerOpen() {
    Instant end = START.plus(Duration.ofHours(1));
    activities.provision(access("g-open", VIEW, end));
    activities.provision(access("g-gone", VIEW, end));
    activities.provision(access("g-gone-ns", TEAM_EDIT, end));
    openGrants.add("g-open");

    assertEquals(4, activities.removeOrphans());
    assertEquals(2, objectsOf("g-open").size(), "an open grant keeps its objects");
    assertTrue(objectsOf("g-gone").isEmpty());
    assertTrue(objectsOf("g-gone-ns").isEmpty());
    assertEquals(0, activities.removeOrphans(), "nothing left to remove");
  }

  @Test
  void removeOrphansRemovesObjectsMoreThanTwoMinutesPastTheirEndEvenIfTheGrantRuns() {
    activities.provision(access("g-overdue", VIEW, START));
    activities.provision(access("g-in-grace", VIEW, START.plus(Duration.ofMinutes(1))));
    openGrants.addAll(List.of("g-overdue", "g-in-grace"));
    time.advance(Duration.ofMinutes(2).plusSeconds(1));

    assertEquals(2, activities.removeOrphans());
    assertTrue(objectsOf("g-overdue").isEmpty(), "2 minutes and 1 second past its end");
    assertEquals(
        2,
        objectsOf("g-in-grace").size(),
        "1 minute 1 second past its end: the grant is still removing it");
  }

  @Test
  void removeOrphansAtExactlyTheGraceKeepsTheObjects() {
    activities.provision(access("g-edge", VIEW, START));
    openGrants.add("g-edge");
    time.advance(Duration.ofMinutes(2));
    assertEquals(0, activities.removeOrphans());
    assertEquals(2, objectsOf("g-edge").size());
  }

  @Test
  void removeOrphansLeavesObjectsTailGrantDidNotMake() {
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .withNamespace(NS)
                .addToLabels(GRANT_LABEL, "g-foreign")
                .endMetadata()
                .build())
        .create();
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("unlabelled")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    assertEquals(0, activities.removeOrphans());
    assertNotNull(k.serviceAccounts().inNamespace(NS).withName("someone-elses").get());
    assertNotNull(k.serviceAccounts().inNamespace(NS).withName("unlabelled").get());
  }

  @Test
  void removeOrphansRemovesAManagedObjectWithoutAnEndEvenIfItsGrantRuns() {
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(objectName("g-noend"))
                .withNamespace(NS)
                .addToLabels(MANAGED_BY_LABEL, "tailgrant")
                .addToLabels(GRANT_LABEL, "g-noend")
                .endMetadata()
                .build())
        .create();
    openGrants.add("g-noend");
    assertEquals(1, activities.removeOrphans());
    assertNull(serviceAccount("g-noend"));
  }

  @Test
  void removeOrphansIsNotStoppedByAMalformedEndAnnotation() {
    // Someone edits the annotation by hand: the sweep must still remove the orphans of ended
    // grants.
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(objectName("g-edited"))
                .withNamespace(NS)
                .addToLabels(MANAGED_BY_LABEL, "tailgrant")
                .addToLabels(GRANT_LABEL, "g-edited")
                .addToAnnotations(ENDS_AT_ANNOTATION, "tomorrow")
                .endMetadata()
                .build())
        .create();
    openGrants.add("g-edited");
    activities.provision(access("g-ended", VIEW, START.plus(Duration.ofHours(1))));

    activities.removeOrphans();
    assertTrue(objectsOf("g-ended").isEmpty(), "the ended grant's objects are removed");
  }

  @Test
  void removeOrphansAsksLivenessOncePerGrant() {
    activities.provision(access("g-once", TEAM_EDIT, START.plus(Duration.ofHours(1))));
    openGrants.add("g-once");
    activities.removeOrphans();
    assertEquals(List.of("g-once"), livenessAsked);
  }

  @Test
  void removeOrphansOnNoClustersRemovesNothing() {
    KubernetesActivitiesImpl none =
        new KubernetesActivitiesImpl(KubernetesClusters.none(), g -> false, clock);
    assertEquals(0, none.removeOrphans());
  }

  // ---------------------------------------------------------------- unknown cluster

  @Test
  void callsAgainstAnUnknownClusterFailClearly() {
    Instant end = START.plus(Duration.ofHours(1));
    List<Executable> calls =
        List.of(
            () ->
                activities.provision(
                    new KubernetesAccess("g-x", "prod", VIEW, "alice@example.com", end)),
            () -> activities.extend("prod", "g-x", end),
            () -> activities.deprovision("prod", "g-x"),
            () -> activities.mintKubeconfig("prod", "g-x", end, KEY));
    for (Executable call : calls) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
      assertTrue(e.getMessage().contains("'prod'"), e.getMessage());
      assertTrue(e.getMessage().contains("kubernetes.clusters"), e.getMessage());
    }
    assertTrue(k.serviceAccounts().inAnyNamespace().list().getItems().isEmpty());
  }

  /** A call that may throw, without JUnit's checked {@code Throwable}. */
  @FunctionalInterface
  private interface Executable {
    void run();
  }
}
