# TailGrant: one image for both processes. The first argument picks the process:
#   docker run IMAGE server --config /etc/tailgrant/config.yaml
#   docker run IMAGE worker --config /etc/tailgrant/config.yaml
# and the same launcher's doctor, check-config and client commands (docker run IMAGE --help).
# The classpath is tailgrant-dist's: its jar (io.tailgrant.dist.Main, the production launcher) and
# its runtime dependencies in lib/. Nothing of the dev stack ships: no embedded Temporal test server,
# no simulators, no mock servers (ProductionClasspathIT checks the lib/ this copies).
# Plain Dockerfile syntax (no BuildKit-only features), so docker-compose v1's builder builds it too.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies in their own layer, rebuilt only when a pom changes: packaging the poms alone,
# with nothing to compile, makes Maven fetch every plugin and dependency. Every module's pom
# must be listed here (DeploymentFilesTest checks it against the parent pom's <modules>).
COPY pom.xml ./
COPY tailgrant-ops/pom.xml tailgrant-ops/
COPY grant-core/pom.xml grant-core/
COPY ui/pom.xml ui/
COPY tailnet-sim/pom.xml tailnet-sim/
COPY kubernetes-sim/pom.xml kubernetes-sim/
COPY tailgrant-worker/pom.xml tailgrant-worker/
COPY tailgrant-server/pom.xml tailgrant-server/
COPY tailgrant-cli/pom.xml tailgrant-cli/
COPY tailgrant-dist/pom.xml tailgrant-dist/
COPY tailgrant-dev/pom.xml tailgrant-dev/
RUN mvn -B -q -Dmaven.test.skip=true -Dmaven.main.skip=true -pl tailgrant-dist -am clean package
COPY . .
# Tests run in CI (mvn -B verify), not here: the image build only packages what CI tested.
# clean: the step above left empty jars behind. -pl tailgrant-dist -am: only the production
# launcher and the modules it needs (the simulators too, as the worker's and server's test
# dependencies, but they are not in its runtime classpath); tailgrant-dev is not built.
RUN mvn -B -Dmaven.test.skip=true -pl tailgrant-dist -am clean package \
 && mkdir -p /out \
 && cp tailgrant-dist/target/tailgrant-dist-*.jar /out/tailgrant.jar \
 && cp -r tailgrant-dist/target/lib /out/lib

FROM eclipse-temurin:17-jre
# curl is the HEALTHCHECK's client; nothing else is added to the JRE image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# A fixed, unprivileged uid (10001, outside the range distributions give to real users) so
# Kubernetes' runAsNonRoot can check it and secret files can be made readable for it.
# /var/log/tailgrant (the audit trail) and /var/run/tailgrant (the server's unix socket, which
# `tailscale serve` proxies to) are created owned by it, so named volumes mounted there start out
# writable.
RUN groupadd --system --gid 10001 tailgrant \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin tailgrant \
 && mkdir -p /var/log/tailgrant /var/run/tailgrant /etc/tailgrant \
 && chown tailgrant:tailgrant /var/log/tailgrant /var/run/tailgrant \
 && chmod 0750 /var/run/tailgrant
COPY --from=build /out/ /opt/tailgrant/
USER 10001:10001
WORKDIR /opt/tailgrant
# Size the heap from the container's memory limit, at 60% of it: the other 40% is for what lives
# outside the heap and also counts against the limit: metaspace and JIT code (Temporal, gRPC,
# Jetty, fabric8 and Kotlin classes: 100-150 MB), thread stacks (Temporal's pollers and workflow
# threads, Jetty's pool), gRPC/Netty's direct buffers, and the GC's own structures. At 75% a 1 GiB
# container left ~250 MB for all of that, and going over the limit is a kill by the kernel's OOM
# killer, not an OutOfMemoryError the JVM could report. Compose's and Kubernetes' memory
# limits are set with this in mind (DeploymentFilesTest checks each leaves at least 384 MiB
# outside the heap).
# Die on OOM so the orchestrator restarts us (Temporal resumes every grant) instead of limping on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60.0 -XX:+ExitOnOutOfMemoryError"
# 8080: the web UI and JSON API when server.listen is TCP (Kubernetes, behind the operator's
# proxy; with compose the server listens on a unix socket instead). 9090: the operations listener
# (operations.listen, both processes): /healthz, /readyz, /metrics. Set operations.listen to
# 0.0.0.0:9090 in containers so probes and scrapers outside the container reach it.
EXPOSE 8080 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:9090/healthz || exit 1
ENTRYPOINT ["java", "-cp", "/opt/tailgrant/tailgrant.jar:/opt/tailgrant/lib/*", "io.tailgrant.dist.Main"]
CMD ["server", "--config", "/etc/tailgrant/config.yaml"]
