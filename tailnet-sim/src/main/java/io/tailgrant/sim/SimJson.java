package io.tailgrant.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.Map;

/** JSON conventions of the simulated tailnet. */
final class SimJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private SimJson() {}

  /** Tailscale's error shape: {@code {"message": "..."}}. */
  static void error(Context ctx, SimApiError e) {
    ctx.status(e.status()).json(Map.of("message", e.getMessage()));
  }
}
