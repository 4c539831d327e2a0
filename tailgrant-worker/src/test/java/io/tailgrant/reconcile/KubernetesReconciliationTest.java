package io.tailgrant.reconcile;

import static io.tailgrant.kubernetes.KubernetesNames.ENDS_AT_ANNOTATION;
import static io.tailgrant.kubernetes.KubernetesNames.GRANT_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY;
import static io.tailgrant.kubernetes.KubernetesNames.MANAGED_BY_LABEL;
import static io.tailgrant.kubernetes.KubernetesNames.objectName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tailgrant.grant.GrantStatus;
import io.tailgrant.grant.GrantView;
import io.tailgrant.grant.GrantWorkflow;
import io.tailgrant.worker.TailGrantWorker;
import io.tailgrant.worker.WorkflowTestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation loop removes TailGrant's Kubernetes objects that no open grant owns, and
 * counts them.
 */
class KubernetesReconciliationTest {
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final String NS = "tailgrant";
  private WorkflowTestStack stack;
  private KubernetesClient k;

  @BeforeEach
  void start() {
    stack = new WorkflowTestStack();
    k = stack.cluster.client();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private Instant now() {
    return Instant.ofEpochMilli(stack.env.currentTimeMillis());
  }

  /**
   * Labels and annotations as TailGrant writes them, ending an hour from now: only liveness can
   * make it an orphan.
   */
  private ObjectMeta meta(String grantId, String namespace) {
    return new ObjectMetaBuilder()
        .withName(objectName(grantId))
        .withNamespace(namespace)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToLabels(GRANT_LABEL, grantId)
        .addToAnnotations(ENDS_AT_ANNOTATION, now().plus(Duration.ofHours(1)).toString())
        .build();
  }

  private void createServiceAccount(String grantId) {
    k.serviceAccounts()
        .inNamespace(NS)
        .resource(new ServiceAccountBuilder().withMetadata(meta(grantId, NS)).build())
        .create();
  }

  private void createClusterRoleBinding(String grantId) {
    k.rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withMetadata(meta(grantId, null))
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("view")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(objectName(grantId))
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();
  }

  private void createRoleBinding(String grantId, String namespace) {
    k.rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withMetadata(meta(grantId, namespace))
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("edit")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(objectName(grantId))
                .withNamespace(NS)
                .endSubject()
                .build())
        .create();
  }

  private int objectsOf(String grantId) {
    return k.serviceAccounts()
            .inAnyNamespace()
            .withLabel(GRANT_LABEL, grantId)
            .list()
            .getItems()
            .size()
        + k.rbac().clusterRoleBindings().withLabel(GRANT_LABEL, grantId).list().getItems().size()
        + k.rbac()
            .roleBindings()
            .inAnyNamespace()
            .withLabel(GRANT_LABEL, grantId)
            .list()
            .getItems()
            .size();
  }

  private ReconciliationWorkflow loop() {
    return stack.client.newWorkflowStub(
        ReconciliationWorkflow.class, ReconciliationWorkflow.WORKFLOW_ID);
  }

  /**
   * Polls the loop's last report until it satisfies {@code done} (time does not move while
   * polling).
   */
  private SweepReport awaitSweep(Predicate<SweepReport> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    SweepReport last = loop().lastSweep();
    while (last == null || !done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the sweep never reported the expected result; last: " + last);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll interval
      last = loop().lastSweep();
    }
    return last;
  }

  @Test
  void objectsOfAGrantWithoutAWorkflowAreRemovedAndCountedWhileAnActiveGrantKeepsItsObjects() {
    GrantWorkflow wf =
        stack.requestKubernetes("k8s-view", "alice@example.com", Duration.ofHours(1));
    GrantView active = stack.awaitStatus(wf, GrantStatus.ACTIVE);
    assertEquals(2, objectsOf(active.id()));
    createServiceAccount("g-nobody00001");
    createClusterRoleBinding("g-nobody00001");

    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    SweepReport report = awaitSweep(r -> r.kubernetesOrphansRemoved() == 2);

    assertNotNull(report.at());
    assertNull(k.serviceAccounts().inNamespace(NS).withName(objectName("g-nobody00001")).get());
    assertNull(k.rbac().clusterRoleBindings().withName(objectName("g-nobody00001")).get());
    assertEquals(0, objectsOf("g-nobody00001"));
    assertEquals(
        2,
        objectsOf(active.id()),
        "the active grant's ServiceAccount and binding survive the sweep");
    assertEquals(GrantStatus.ACTIVE, wf.view().status());
  }

  @Test
  void objectsRecreatedForAGrantThatHasEndedAreRemoved() {
    GrantWorkflow wf =
        stack.requestKubernetes("k8s-view", "alice@example.com", Duration.ofMinutes(30));
    String id = stack.awaitStatus(wf, GrantStatus.ACTIVE).id();
    assertEquals(GrantStatus.EXPIRED, stack.result(wf).status());
    assertEquals(0, objectsOf(id));
    // Someone restores the grant's objects by hand (from a backup, say); its workflow has
    // completed.
    createServiceAccount(id);
    createClusterRoleBinding(id);

    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    awaitSweep(r -> r.kubernetesOrphansRemoved() == 2);
    assertEquals(0, objectsOf(id));
  }

  @Test
  void orphansMadeBetweenSweepsAreRemovedWithinOneInterval() {
    createServiceAccount("g-first000001");
    TailGrantWorker.startReconciliation(stack.client, WorkflowTestStack.TASK_QUEUE, INTERVAL);
    awaitSweep(r -> r.kubernetesOrphansRemoved() == 1);
    assertEquals(0, objectsOf("g-first000001"));

    createServiceAccount("g-second00001");
    createClusterRoleBinding("g-second00001");
    createRoleBinding("g-second00001", "team-a");
    stack.env.sleep(INTERVAL.plusSeconds(5));

    SweepReport second = awaitSweep(r -> r.kubernetesOrphansRemoved() == 3);
    assertTrue(second.devicesListed() > 0, "the same report carries the device sweep: " + second);
    assertEquals(0, objectsOf("g-second00001"));
  }
}
