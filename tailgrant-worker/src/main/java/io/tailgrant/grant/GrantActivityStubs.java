package io.tailgrant.grant;

import io.tailgrant.audit.AuditActivities;
import io.tailgrant.authkey.AuthKeyActivities;
import io.tailgrant.device.DeviceChangeActivities;
import io.tailgrant.directory.DirectoryActivities;
import io.tailgrant.kubernetes.KubernetesActivities;
import io.tailgrant.notify.NotifierActivities;
import io.tailgrant.role.RoleChangeActivities;
import io.tailgrant.temporal.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Every activity a grant calls, with the retry policy that fits it: adding access is bounded and
 * ends the grant as failed, removing access never gives up, and a kubeconfig is worth a few quick
 * tries while its requester waits. Made inside the workflow, once per run.
 */
final class GrantActivityStubs {
  private static final Duration CALL = Duration.ofSeconds(30);

  /**
   * Adding access: the device manager bounds the API retries and refuses when they run out; this
   * stub only waits for its answer (attempts are short waits on the same Update), for at most 10
   * min.
   */
  final DeviceChangeActivities addAccess =
      Workflow.newActivityStub(
          DeviceChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(Retries.adding(0))
              .build());

  /**
   * The same, as a local activity: it runs inside the grant's workflow task (activation latency).
   */
  final DeviceChangeActivities addAccessLocally =
      Workflow.newLocalActivityStub(
          DeviceChangeActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(Retries.adding(0))
              .build());

  final DeviceChangeActivities removeAccess =
      Workflow.newActivityStub(
          DeviceChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  /** Adding is bounded: a 403 from RBAC or a 422 is final at once. */
  final KubernetesActivities addKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setScheduleToCloseTimeout(Duration.ofMinutes(5))
              .setRetryOptions(Retries.adding(8))
              .build());

  final KubernetesActivities removeKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  final KubernetesActivities mintKubernetes =
      Workflow.newActivityStub(
          KubernetesActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(500))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  /** Raising a role waits for the requester's role manager, like adding access to a device. */
  final RoleChangeActivities addRole =
      Workflow.newActivityStub(
          RoleChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setScheduleToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(Retries.adding(0))
              .build());

  final RoleChangeActivities removeRole =
      Workflow.newActivityStub(
          RoleChangeActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  /** An auth key is worth a few quick tries while its requester waits for it. */
  final AuthKeyActivities mintAuthKey =
      Workflow.newActivityStub(
          AuthKeyActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(500))
                      .setMaximumAttempts(5)
                      .build())
              .build());

  final AuthKeyActivities removeAuthKeys =
      Workflow.newActivityStub(
          AuthKeyActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(Retries.UNTIL_DONE)
              .build());

  /**
   * The worker's own rules, asked inside the first workflow task (the input is in history already).
   */
  final GrantRulesActivities rules =
      Workflow.newLocalActivityStub(
          GrantRulesActivities.class,
          LocalActivityOptions.newBuilder()
              .setDoNotIncludeArgumentsIntoMarker(true)
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setScheduleToCloseTimeout(Retries.LOCAL_BOUNDED)
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  final DirectoryActivities directory =
      Workflow.newActivityStub(
          DirectoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  /**
   * Notifications: backs off from 2 s to 1 min between attempts, gives up after {@link
   * NotifierActivities#MAX_ATTEMPTS} or 15 minutes, whichever comes first. Nothing waits for it on
   * the way to active or expired.
   */
  final NotifierActivities notifier =
      Workflow.newActivityStub(
          NotifierActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setScheduleToCloseTimeout(Duration.ofMinutes(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setMaximumAttempts(NotifierActivities.MAX_ATTEMPTS)
                      .build())
              .build());

  final AuditActivities audit =
      Workflow.newActivityStub(
          AuditActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(CALL)
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());
}
