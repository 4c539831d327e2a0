package io.tailgrant.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.CallerResolver.RequestFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * TailGrant's own event handling acts as {@code tailscale:<event>}, which may revoke any grant: a
 * caller WhoIs named so (Tailscale never does) is refused rather than believed.
 */
class SystemActorLoginTest {

  private static CallerResolver resolverAnswering(HttpServer server, String login) {
    String answer =
        """
        {"Node":{"StableID":"nX","Name":"x.example.ts.net.","ComputedName":"x","Tags":null},
         "UserProfile":{"LoginName":"%s","DisplayName":"x"},"CapMap":{}}"""
            .formatted(login);
    server.createContext(
        "/localapi/v0/whois",
        exchange -> {
          byte[] body = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new CallerResolver(
        WhoIsClient.overTcp("http://127.0.0.1:" + server.getAddress().getPort()), false, false);
  }

  @Test
  void aLoginInTheSystemActorsFormIsRefused() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try {
      CallerResolver resolver = resolverAnswering(server, "tailscale:userDeleted");
      Refusal r =
          assertThrows(
              Refusal.class,
              () -> resolver.resolve(new RequestFacts("100.64.0.9", 41234, null, false, null)));
      assertEquals(Refusal.Kind.FORBIDDEN, r.kind());
      assertTrue(r.getMessage().contains("not a person's login"), r.getMessage());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anOrdinaryLoginFromTheSameAnswerIsBelieved() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    try {
      CallerResolver resolver = resolverAnswering(server, "alice@example.com");
      assertEquals(
          "alice@example.com",
          resolver.resolve(new RequestFacts("100.64.0.9", 41234, null, false, null)).login());
    } finally {
      server.stop(0);
    }
  }
}
