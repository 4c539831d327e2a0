package io.tailgrant.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.util.Duration;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.micrometer.core.instrument.Metrics;
import io.tailgrant.config.TemporalConfig;
import io.tailgrant.config.TemporalTls;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Connects to the Temporal cluster named in config; the one place server and worker build clients.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client) {
    this.stubs = stubs;
    this.client = client;
  }

  public static TemporalConnection connect(TemporalConfig config) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(stubsOptions(config));
    WorkflowClient client = WorkflowClient.newInstance(stubs, clientOptions(config));
    return new TemporalConnection(stubs, client);
  }

  /** The client options every TailGrant client uses: namespace and the payload codec. */
  public static WorkflowClientOptions clientOptions(TemporalConfig config) {
    return WorkflowClientOptions.newBuilder()
        .setNamespace(config.namespace())
        .setDataConverter(dataConverter(config))
        .build();
  }

  /** Encrypting when a key file is configured, plain JSON otherwise. */
  public static DataConverter dataConverter(TemporalConfig config) {
    DataConverter standard = DefaultDataConverter.STANDARD_INSTANCE;
    if (config.encryptionKeyFile() == null) {
      return standard;
    }
    return new CodecDataConverter(standard, List.of(codec(config)));
  }

  /**
   * The payload codec of {@code config}'s keys; only call it when an encryption key is configured.
   */
  public static PayloadEncryption codec(TemporalConfig config) {
    return PayloadEncryption.fromFiles(config.encryptionKeyFile(), config.decryptionKeyFiles());
  }

  static WorkflowServiceStubsOptions stubsOptions(TemporalConfig config) {
    WorkflowServiceStubsOptions.Builder b =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(config.target())
            // The SDK's own metrics (requests, latencies, poller and task slots) on the process's
            // /metrics.
            .setMetricsScope(
                new RootScopeBuilder()
                    .reporter(new MicrometerClientStatsReporter(Metrics.globalRegistry))
                    .reportEvery(Duration.ofSeconds(10)));
    TemporalTls tls = config.tls();
    if (tls != null) {
      b.setSslContext(sslContext(tls));
      if (tls.serverName() != null) {
        b.setChannelInitializer(channel -> channel.overrideAuthority(tls.serverName()));
      }
    }
    if (config.apiKey() != null) {
      String key = config.apiKey().read();
      b.addApiKey(() -> key);
      if (tls == null) {
        b.setEnableHttps(true);
      }
    }
    return b.build();
  }

  private static SslContext sslContext(TemporalTls tls) {
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient();
      if (tls.caFile() != null) {
        ssl.trustManager(tls.caFile().toFile());
      }
      if (tls.certFile() != null) {
        ssl.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
      }
      return ssl.build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "temporal.tls: cannot load the certificates: " + e.getMessage(), e);
    }
  }

  /** Throws unless the Temporal frontend answers within 3 s. */
  public void checkReachable() {
    stubs
        .blockingStub()
        .withDeadlineAfter(3, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
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
