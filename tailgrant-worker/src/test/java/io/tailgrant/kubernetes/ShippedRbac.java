package io.tailgrant.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tailgrant.config.TailGrantConfig;
import io.tailgrant.grant.GrantKind;
import io.tailgrant.sim.kubernetes.ApiRequest;
import io.tailgrant.sim.kubernetes.RequestAttributes;
import io.tailgrant.sim.kubernetes.SimulatedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The worker's RBAC as {@code deploy/kubernetes/rbac.yaml} ships it, and what Kubernetes' RBAC
 * authorizer lets it do: the rules of every Role and ClusterRole bound to the worker's
 * ServiceAccount, each where its binding applies (a RoleBinding: its namespace; a
 * ClusterRoleBinding: everywhere), matched on verb, API group, resource/subresource and
 * resourceNames. Creating or updating a binding also needs {@code bind} on the role it refers to,
 * as the API server's privilege-escalation check demands of a worker that holds none of the role's
 * rights. Test code: the simulated API server authorizes nothing, this is how tests hold what the
 * worker sent against what a real cluster would allow.
 */
public final class ShippedRbac {
  /** Who the shipped worker is: ServiceAccount tailgrant-worker in namespace tailgrant. */
  public static final String WORKER = "system:serviceaccount:tailgrant:tailgrant-worker";

  /** Surefire runs in the module's folder; the repository is its parent. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  /**
   * What the API server lets every authenticated user read (the system:discovery and
   * system:public-info-viewer ClusterRoles bound to system:authenticated).
   */
  private static final List<String> DISCOVERY =
      List.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/healthz", "/livez", "/readyz");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One rule and where it applies: {@code namespace} null for everywhere. */
  record Grant(String namespace, JsonNode rule) {}

  private final List<Grant> grants;

  private ShippedRbac(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  /** The rules of the shipped {@code deploy/kubernetes/rbac.yaml}. */
  static ShippedRbac load() {
    return parse(read(ROOT.resolve("deploy/kubernetes/rbac.yaml")), WORKER);
  }

  /** The rules bound to {@code user} (a ServiceAccount's user name) in the manifests. */
  static ShippedRbac parse(String manifests, String user) {
    List<JsonNode> docs;
    try {
      docs = YAML.readValues(YAML.createParser(manifests), JsonNode.class).readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] sa = user.split(":");
    List<Grant> grants = new ArrayList<>();
    for (JsonNode binding : docs) {
      String kind = binding.path("kind").asText();
      if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
        continue;
      }
      boolean bound = false;
      for (JsonNode s : binding.path("subjects")) {
        bound |=
            s.path("kind").asText().equals("ServiceAccount")
                && s.path("namespace").asText().equals(sa[2])
                && s.path("name").asText().equals(sa[3]);
      }
      if (!bound) {
        continue;
      }
      String scope =
          kind.equals("RoleBinding") ? binding.path("metadata").path("namespace").asText() : null;
      String roleKind = binding.path("roleRef").path("kind").asText();
      String roleName = binding.path("roleRef").path("name").asText();
      JsonNode role =
          docs.stream()
              .filter(
                  d ->
                      d.path("kind").asText().equals(roleKind)
                          && d.path("metadata").path("name").asText().equals(roleName)
                          && (roleKind.equals("ClusterRole")
                              || d.path("metadata").path("namespace").asText().equals(scope)))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          kind + " refers to a missing " + roleKind + " " + roleName));
      role.path("rules").forEach(r -> grants.add(new Grant(scope, r)));
    }
    return new ShippedRbac(grants);
  }

  /**
   * These rules as an admin deploys them for a cluster whose grant ServiceAccounts live in {@code
   * namespace}: the Role moves there from the shipped grant namespace (config.yaml's), and {@code
   * bind} also names {@code bindable}, the ClusterRoles the config's grant types name (the "CHANGE"
   * in rbac.yaml).
   */
  ShippedRbac deployedFor(String namespace, Set<String> bindable) {
    String shipped = shippedGrantNamespace();
    List<Grant> moved = new ArrayList<>();
    for (Grant g : grants) {
      String scope = Objects.equals(g.namespace(), shipped) ? namespace : g.namespace();
      JsonNode rule = g.rule();
      if (strings(rule.path("verbs")).contains("bind")) {
        Set<String> names = new TreeSet<>(strings(rule.path("resourceNames")));
        names.addAll(bindable);
        rule = rule.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) rule)
            .set("resourceNames", JSON.valueToTree(names));
      }
      moved.add(new Grant(scope, rule));
    }
    return new ShippedRbac(moved);
  }

  /** The ClusterRoles the rules let the worker bind ({@code bind} on clusterroles, by name). */
  Set<String> bindableClusterRoles() {
    Set<String> names = new TreeSet<>();
    for (Grant g : grants) {
      JsonNode r = g.rule();
      if (g.namespace() == null
          && strings(r.path("verbs")).contains("bind")
          && strings(r.path("apiGroups")).contains(RBAC_GROUP)
          && strings(r.path("resources")).contains("clusterroles")) {
        names.addAll(strings(r.path("resourceNames")));
      }
    }
    return names;
  }

  /** Why the API server would refuse {@code request} under these rules; null when it allows it. */
  String refusal(ApiRequest request) {
    RequestAttributes a = request.attributes();
    if (!a.resourceRequest()) {
      return DISCOVERY.stream().anyMatch(p -> pathMatches(p, a.path()))
          ? null
          : "forbidden: User \""
              + request.user()
              + "\" cannot "
              + a.verb()
              + " path \""
              + a.path()
              + "\"";
    }
    if (!allows(a.verb(), a.apiGroup(), a.resourceAndSubresource(), a.namespace(), a.name())) {
      return (a.name().isEmpty() ? a.resource() : a.resource() + " \"" + a.name() + "\"")
          + " is forbidden: User \""
          + request.user()
          + "\" cannot "
          + a.verb()
          + " resource \""
          + a.resourceAndSubresource()
          + "\" in API group \""
          + a.apiGroup()
          + "\""
          + (a.namespace().isEmpty()
              ? " at the cluster scope"
              : " in the namespace \"" + a.namespace() + "\"");
    }
    boolean binding =
        a.apiGroup().equals(RBAC_GROUP)
            && (a.resource().equals("rolebindings") || a.resource().equals("clusterrolebindings"))
            && a.subresource().isEmpty()
            && (a.verb().equals("create") || a.verb().equals("update") || a.verb().equals("patch"));
    if (binding) {
      JsonNode roleRef = body(request).path("roleRef");
      String roleResource = roleRef.path("kind").asText().equals("Role") ? "roles" : "clusterroles";
      String role = roleRef.path("name").asText();
      if (!allows("bind", RBAC_GROUP, roleResource, a.namespace(), role)) {
        return a.resource()
            + " is forbidden: User \""
            + request.user()
            + "\" is attempting to grant RBAC permissions not currently held: it may not bind "
            + roleResource
            + " \""
            + role
            + "\""
            + (a.namespace().isEmpty() ? "" : " in the namespace \"" + a.namespace() + "\"");
      }
    }
    return null;
  }

  /** Whether a rule grants {@code verb} on the resource (with subresource) named {@code name}. */
  boolean allows(String verb, String group, String resource, String namespace, String name) {
    for (Grant g : grants) {
      if (g.namespace() != null && !g.namespace().equals(namespace)) {
        continue; // a RoleBinding's rules apply in its namespace only, never cluster-wide
      }
      JsonNode r = g.rule();
      List<String> verbs = strings(r.path("verbs"));
      List<String> groups = strings(r.path("apiGroups"));
      List<String> resources = strings(r.path("resources"));
      List<String> names = strings(r.path("resourceNames"));
      String sub = resource.contains("/") ? resource.substring(resource.indexOf('/')) : null;
      boolean resourceMatches =
          resources.contains("*")
              || resources.contains(resource)
              || (sub != null && resources.contains("*" + sub));
      if ((verbs.contains("*") || verbs.contains(verb))
          && (groups.contains("*") || groups.contains(group))
          && resourceMatches
          && (names.isEmpty() || (!name.isEmpty() && names.contains(name)))) {
        return true;
      }
    }
    return false;
  }

  /** Every refusal among {@code requests}, one line each (the request, then why). */
  List<String> refusals(List<ApiRequest> requests) {
    Set<String> out = new LinkedHashSet<>();
    for (ApiRequest r : requests) {
      String why = refusal(r);
      if (why != null) {
        out.add(r.method() + " " + r.path() + ": " + why);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Fails with every request the worker sent to {@code cluster} that the shipped RBAC, deployed for
   * {@code namespace} and the config's ClusterRoles, would refuse.
   */
  public static void assertWorkerConforms(
      SimulatedCluster cluster, String namespace, TailGrantConfig config) {
    List<String> refused =
        load().deployedFor(namespace, clusterRolesOf(config)).refusals(cluster.requestsBy(WORKER));
    if (!refused.isEmpty()) {
      throw new AssertionError(
          "deploy/kubernetes/rbac.yaml does not allow what the worker sent:\n  "
              + String.join("\n  ", refused));
    }
  }

  /** The ClusterRoles the config's kubernetes grant types name (not those from capabilities). */
  static Set<String> clusterRolesOf(TailGrantConfig config) {
    Set<String> roles = new TreeSet<>();
    config.grantTypes().stream()
        .filter(t -> t.kind() == GrantKind.KUBERNETES && t.kubernetes() != null)
        .map(t -> t.kubernetes().clusterRole())
        .filter(Objects::nonNull)
        .forEach(roles::add);
    return roles;
  }

  /** Where the shipped base keeps grant ServiceAccounts: its config's cluster namespace. */
  static String shippedGrantNamespace() {
    try {
      return YAML.readTree(read(ROOT.resolve("deploy/kubernetes/config.yaml")))
          .path("kubernetes")
          .path("clusters")
          .path(0)
          .path("namespace")
          .asText("tailgrant");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode body(ApiRequest request) {
    try {
      return JSON.readTree(request.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + request.body(), e);
    }
  }

  private static boolean pathMatches(String pattern, String path) {
    return pattern.endsWith("/*")
        ? path.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(path);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
