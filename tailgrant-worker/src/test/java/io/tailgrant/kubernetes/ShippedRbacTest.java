package io.tailgrant.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tailgrant.config.ConfigLoader;
import io.tailgrant.config.KubernetesClusterConfig;
import io.tailgrant.sim.kubernetes.ApiRequest;
import io.tailgrant.sim.kubernetes.RequestAttributes;
import io.tailgrant.sim.kubernetes.SimulatedCluster;
import io.tailgrant.tailnet.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped worker RBAC (deploy/kubernetes/rbac.yaml) against the worker's Kubernetes calls: it
 * allows every call (each suite that runs the worker against the simulated cluster checks that for
 * its own calls too: KubernetesActivitiesImplTest, and every WorkflowTestStack on close), it grants
 * no verb the worker never sends, and it lets the worker bind every ClusterRole the shipped
 * examples name.
 */
class ShippedRbacTest {
  private static final Instant START = Instant.parse("2030-05-01T10:00:00Z");
  private static final String NS = "tailgrant-grants";
  private static final YAMLMapper YAML = new YAMLMapper();

  private SimulatedCluster sim;
  private MutableClock time;
  private KubernetesActivitiesImpl activities;

  @BeforeEach
  void start() {
    time = new MutableClock(START);
    sim = SimulatedCluster.start(0, time.withZone(ZoneOffset.UTC));
    KubernetesClusterConfig config =
        new KubernetesClusterConfig("prod", true, null, null, NS, null);
    activities =
        new KubernetesActivitiesImpl(
            new KubernetesClusters(
                Map.of(
                    "prod",
                    new KubernetesClusters.Cluster(config, sim.clientAs(ShippedRbac.WORKER)))),
            grantId -> grantId.startsWith("open"),
            time.withZone(ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /**
   * Everything the worker does to a cluster, including the paths only a retry takes: provisioning
   * again after a crash (409, then update), extending, a kubeconfig, removal, the orphan sweep.
   */
  private List<ApiRequest> everyKindOfCall() {
    Instant end = START.plus(Duration.ofHours(1));
    for (String id : List.of("open-1", "gone-1")) {
      for (KubernetesRole role :
          List.of(new KubernetesRole("view", null), new KubernetesRole("edit", "team-a"))) {
        KubernetesAccess access =
            new KubernetesAccess(
                id + "-" + role.clusterRole(), "prod", role, "alice@example.com", end);
        activities.provision(access);
        activities.provision(access); // a retried activity: 409, then update
        activities.extend("prod", access.grantId(), end.plus(Duration.ofHours(1)));
        activities.mintKubeconfig(
            "prod",
            access.grantId(),
            end,
            io.tailgrant.secrets.RecipientSeal.publicKey(
                io.tailgrant.secrets.RecipientSeal.newRecipient()));
      }
    }
    assertEquals(4, activities.removeOrphans(), "the gone grants' objects");
    activities.deprovision("prod", "open-1-view");
    activities.deprovision("prod", "open-1-edit");
    return sim.requestsBy(ShippedRbac.WORKER);
  }

  @Test
  void theShippedRulesAllowEveryCallTheWorkerMakes() {
    List<ApiRequest> sent = everyKindOfCall();
    List<String> refused = ShippedRbac.load().deployedFor(NS, Set.of()).refusals(sent);
    assertTrue(refused.isEmpty(), String.join("\n", refused));
  }

  /** Least privilege: each verb on each resource the rules grant is one the worker sends. */
  @Test
  void theShippedRulesGrantNothingTheWorkerNeverSends() {
    Set<String> sent = new TreeSet<>();
    for (ApiRequest r : everyKindOfCall()) {
      RequestAttributes a = r.attributes();
      sent.add(a.verb() + " " + a.apiGroup() + "/" + a.resourceAndSubresource());
    }
    Set<String> granted = new TreeSet<>();
    for (JsonNode doc : docs(ShippedRbac.ROOT.resolve("deploy/kubernetes/rbac.yaml"))) {
      if (!doc.path("kind").asText().endsWith("Role")) {
        continue;
      }
      for (JsonNode rule : doc.path("rules")) {
        for (JsonNode verb : rule.path("verbs")) {
          if (verb.asText().equals("bind")) {
            continue; // not a request: the API server's check on creating a binding
          }
          for (JsonNode group : rule.path("apiGroups")) {
            for (JsonNode resource : rule.path("resources")) {
              granted.add(verb.asText() + " " + group.asText() + "/" + resource.asText());
            }
          }
        }
      }
    }
    assertEquals(granted, sent, "granted (expected) against sent (actual)");
  }

  @Test
  void withoutBindOnItsRoleABindingIsRefused() {
    List<ApiRequest> sent = everyKindOfCall();
    ShippedRbac rbac = ShippedRbac.load().deployedFor(NS, Set.of());
    assertTrue(rbac.refusals(sent).isEmpty());
    // Grant "edit" everywhere but bind only "view": every create or update of an edit binding is
    // refused, as the API server's escalation check refuses it.
    String yaml =
        read(ShippedRbac.ROOT.resolve("deploy/kubernetes/rbac.yaml"))
            .replaceAll("resourceNames: \\[[^\\]]*\\]", "resourceNames: [\"view\"]");
    List<String> refused =
        ShippedRbac.parse(yaml, ShippedRbac.WORKER).deployedFor(NS, Set.of()).refusals(sent);
    assertTrue(refused.stream().anyMatch(r -> r.startsWith("POST ")), "creating: " + refused);
    assertTrue(
        refused.stream().anyMatch(r -> r.startsWith("PUT ")), "updating (extend): " + refused);
    for (String r : refused) {
      assertTrue(r.contains("/namespaces/team-a/rolebindings"), r);
      assertTrue(r.contains("may not bind clusterroles \"edit\" in the namespace \"team-a\""), r);
    }
  }

  @Test
  void rulesApplyWhereTheirBindingDoes() {
    ShippedRbac rbac = ShippedRbac.load().deployedFor(NS, Set.of());
    assertTrue(rbac.allows("create", "", "serviceaccounts", NS, ""));
    assertTrue(rbac.allows("create", "", "serviceaccounts/token", NS, "tailgrant-g-1"));
    assertNull(
        rbac.refusal(request("POST", "/api/v1/namespaces/" + NS + "/serviceaccounts/x/token")));
    String elsewhere =
        rbac.refusal(request("POST", "/api/v1/namespaces/kube-system/serviceaccounts"));
    assertNotNull(elsewhere, "the Role holds in the grant namespace only");
    assertTrue(elsewhere.contains("in the namespace \"kube-system\""), elsewhere);
    assertNotNull(
        rbac.refusal(request("GET", "/api/v1/namespaces/" + NS + "/secrets")),
        "no secrets, not even in the grant namespace");
    assertNotNull(
        rbac.refusal(request("PATCH", "/api/v1/namespaces/" + NS + "/serviceaccounts/x")));
    assertNotNull(
        rbac.refusal(request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles")),
        "the worker makes no roles");
  }

  /**
   * Every ClusterRole the shipped examples let a grant bind is in the bind rule: the kubernetes
   * grant types of deploy/kubernetes/config.yaml and config.example.yaml, and the roles of the app
   * capability examples (docs/DEPLOY.md's policy snippet, config.example.yaml's comment).
   */
  @Test
  void everyClusterRoleTheShippedExamplesNameIsBindable() throws Exception {
    Set<String> bindable = ShippedRbac.load().bindableClusterRoles();
    Set<String> named = new TreeSet<>();
    for (String config : List.of("deploy/kubernetes/config.yaml", "config.example.yaml")) {
      Set<String> roles =
          ShippedRbac.clusterRolesOf(ConfigLoader.load(ShippedRbac.ROOT.resolve(config)));
      assertTrue(!roles.isEmpty() || config.startsWith("deploy"), config + " names roles");
      named.addAll(roles);
    }
    assertTrue(
        named.contains("view"),
        "deploy/kubernetes/config.yaml has a kubernetes grant type: " + named);
    var capabilityRole = Pattern.compile("\"role\":\\s*\"([^\"]+)\"");
    for (String doc : List.of("docs/DEPLOY.md", "config.example.yaml")) {
      var m = capabilityRole.matcher(read(ShippedRbac.ROOT.resolve(doc)));
      int found = 0;
      while (m.find()) {
        named.add(m.group(1));
        found++;
      }
      assertTrue(found > 0, doc + " has capability examples");
    }
    Set<String> missing = new TreeSet<>(named);
    missing.removeAll(bindable);
    assertTrue(
        missing.isEmpty(),
        "examples name ClusterRoles the shipped rbac.yaml does not let the worker bind: "
            + missing
            + " (bindable: "
            + bindable
            + ")");
  }

  private static ApiRequest request(String method, String path) {
    return new ApiRequest(ShippedRbac.WORKER, method, path, RequestAttributes.of(method, path), "");
  }

  private static List<JsonNode> docs(Path file) {
    try {
      return YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
