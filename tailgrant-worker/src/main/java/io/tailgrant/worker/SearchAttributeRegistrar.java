package io.tailgrant.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tailgrant.temporal.TemporalNames;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers TailGrant's search attributes at start-up. Upserting one that was never registered
 * fails every workflow task, so this runs before the worker polls; "already exists" is fine.
 */
public final class SearchAttributeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);

  private SearchAttributeRegistrar() {}

  public static void register(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      for (var key : TemporalNames.SEARCH_ATTRIBUTES) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(
                          key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                      .build());
          log.info("registered search attribute {}", key.getName());
        } catch (StatusRuntimeException e) {
          Status.Code code = e.getStatus().getCode();
          if (code == Status.Code.PERMISSION_DENIED
              || code == Status.Code.UNAUTHENTICATED
              || code == Status.Code.UNIMPLEMENTED) {
            // Temporal Cloud manages search attributes in its own UI or tcld, not through this API.
            log.warn(
                "cannot register search attribute {} here ({}): make sure it exists as a Keyword"
                    + " (Temporal Cloud: namespace settings or tcld), or grant workflow tasks will fail",
                key.getName(),
                code);
          } else if (code != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}
