package io.tailgrant.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-device tailnet through HTTP: the whole device list, one device, tag and attribute
 * writes, and LocalAPI WhoIs by IP and by ip:port, each timed and printed. The only timed assertion
 * is a generous bound on the whole test (seed, simulator and requests); the figures are for
 * reading.
 */
class BulkTailnetTimingTest extends SimFixture {
  private static final int N = 10_000;
  private long built;
  private long t0;

  @Override
  protected SimSeed seed() {
    t0 = System.nanoTime();
    SimSeed seed = SimSeed.generated(N, 2026);
    built = System.nanoTime() - t0;
    return seed;
  }

  @Test
  void tenThousandDevicesAnswerFast() {
    System.out.printf(
        "generate seed of %d: %.1f ms; seed + simulator up: %.1f ms%n",
        N, built / 1e6, (System.nanoTime() - t0) / 1e6);

    // The whole list, cold then warm.
    List<Double> lists = new ArrayList<>();
    JsonNode devices = null;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      Resp r = apiGet("/api/v2/tailnet/-/devices").expect(200);
      lists.add((System.nanoTime() - t) / 1e6);
      devices = r.json().get("devices");
    }
    assertEquals(N, devices.size());
    System.out.printf(
        "GET /api/v2/tailnet/-/devices (%d devices, %d KiB): first %.1f ms, then %s ms%n",
        N, apiGet("/api/v2/tailnet/-/devices").body().length() / 1024, lists.get(0), rest(lists));

    List<String> laptops = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (JsonNode d : devices) {
      if (d.has("tags")) {
        servers.add(d.get("nodeId").asText());
      } else if (!d.get("isExternal").asBoolean()) {
        laptops.add(d.get("nodeId").asText());
        ips.add(d.get("addresses").get(0).asText());
        owners.add(d.get("user").asText());
      }
    }
    Random random = new Random(1);
    int rounds = 200;

    double get =
        timed(
            rounds,
            i ->
                apiGet("/api/v2/device/" + laptops.get(random.nextInt(laptops.size())))
                    .expect(200));
    double tags =
        timed(
            rounds,
            i ->
                apiPost(
                        "/api/v2/device/" + servers.get(i % servers.size()) + "/tags",
                        "{\"tags\":[\"tag:prod\",\"tag:deploy\"]}")
                    .expect(200));
    double attrs =
        timed(
            rounds,
            i ->
                apiPost(
                        "/api/v2/device/"
                            + laptops.get(i % laptops.size())
                            + "/attributes/custom:tailgrant_ssh_prod",
                        "{\"value\":true,\"expiry\":\"2026-06-01T01:00:00Z\"}")
                    .expect(200));
    double whoisIp =
        timed(
            rounds,
            i -> {
              int k = random.nextInt(ips.size());
              assertEquals(
                  owners.get(k),
                  whois(ips.get(k))
                      .expect(200)
                      .json()
                      .get("UserProfile")
                      .get("LoginName")
                      .asText());
            });
    double whoisIpPort = timed(rounds, i -> whois(ips.get(i % ips.size()) + ":443").expect(200));
    System.out.printf(
        "mean per request over %d: GET device %.2f ms, POST tags %.2f ms, POST attribute %.2f ms,"
            + " WhoIs ip %.2f ms, WhoIs ip:port %.2f ms%n",
        rounds, get, tags, attrs, whoisIp, whoisIpPort);

    // Writes show in the list that follows.
    long t = System.nanoTime();
    JsonNode after = apiGet("/api/v2/tailnet/-/devices").expect(200).json().get("devices");
    System.out.printf(
        "GET list after %d writes: %.1f ms%n", 2 * rounds, (System.nanoTime() - t) / 1e6);
    long tagged =
        after.findValues("tags").stream().filter(n -> n.toString().contains("tag:deploy")).count();
    assertTrue(tagged >= rounds, "re-tagged servers show in the list: " + tagged);

    double total = (System.nanoTime() - t0) / 1e9;
    System.out.printf("whole test %.1f s%n", total);
    // Warm on an idle machine the whole test takes 3 to 4 s; in a cold JVM on two cores shared
    // with other builds it once took 13.6 s. The bound only catches a return of O(n) per request.
    assertTrue(total < 30, "sanity bound: the whole test took " + total + " s");
  }

  private interface Step {
    void run(int i);
  }

  /** Mean milliseconds of {@code rounds} runs of {@code step}. */
  private static double timed(int rounds, Step step) {
    long t = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      step.run(i);
    }
    return (System.nanoTime() - t) / 1e6 / rounds;
  }

  private static String rest(List<Double> ms) {
    List<String> out = new ArrayList<>();
    ms.subList(1, ms.size()).forEach(m -> out.add(String.format("%.1f", m)));
    return String.join(", ", out);
  }
}
