package io.tailgrant.temporal;

import io.tailgrant.config.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** Connects to the Temporal cluster named in config; the one place server and worker build clients. */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client) {
    this.stubs = stubs;
    this.client = client;
  }

  public static TemporalConnection connect(TemporalConfig config) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(config.target()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(config.namespace()).build());
    return new TemporalConnection(stubs, client);
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stubs.shutdown();
  }
}
