package io.tailgrant.web;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tailgrant.grant.Refusal;
import io.tailgrant.identity.Caller;
import io.tailgrant.temporal.PayloadEncryption;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Temporal's remote codec protocol ({@code POST /codec/decode}, JSON {@code {"payloads":[...]}}) so
 * operators can read TailGrant's encrypted payloads in the Temporal UI. Admins only, by WhoIs; the
 * Temporal UI calls it from its own origin, so that origin (and only origins listed in {@code
 * server.codecCorsOrigins}) gets CORS. It only decodes: {@code /codec/encode} would seal whatever
 * an admin wrote (an "approve" of their own making) for anyone who can also reach Temporal, so it
 * is refused. Credentials never appear here: kubeconfigs travel sealed to the asking request's
 * one-time key, which no codec holds.
 */
final class CodecRoutes {
  static final String PREFIX = "/codec/";
  private final PayloadCodec codec;
  private final List<String> origins;
  private final GrantService grants;

  CodecRoutes(PayloadCodec codec, List<String> origins, GrantService grants) {
    this.codec = codec;
    this.origins = List.copyOf(origins);
    this.grants = grants;
  }

  void register(RoutesConfig r) {
    r.post("/codec/decode", ctx -> transform(ctx, CodecRoutes::decodeSealed));
    r.post(
        "/codec/encode",
        ctx -> {
          throw new Refusal(
              Refusal.Kind.FORBIDDEN,
              "encode_refused",
              "TailGrant's codec endpoint only decodes:"
                  + " sealed payloads are made by TailGrant itself (send signals and updates through its API)");
        });
    r.options("/codec/decode", this::preflight);
    r.options("/codec/encode", this::preflight);
  }

  /**
   * A request from a browser must come from a listed origin; requests without Origin are tools
   * (curl, tctl).
   */
  void checkOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null && !origins.contains(origin)) {
      throw Refusal.forbidden(
          "origin " + origin + " may not call the codec endpoint (server.codecCorsOrigins)");
    }
    if (origin != null) {
      ctx.header("Access-Control-Allow-Origin", origin)
          .header("Access-Control-Allow-Credentials", "true")
          .header("Vary", "Origin");
    }
  }

  private void preflight(Context ctx) {
    ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS")
        .header("Access-Control-Allow-Headers", "Content-Type, X-Namespace")
        .header("Access-Control-Max-Age", "600")
        .status(204);
  }

  /** Sealed payloads opened; anything else (written in the clear) shown as it is. */
  private static List<Payload> decodeSealed(PayloadCodec codec, List<Payload> payloads) {
    return payloads.stream()
        .map(
            p ->
                PayloadEncryption.ENCODING.equals(
                        p.getMetadataOrDefault("encoding", ByteString.EMPTY).toStringUtf8())
                    ? codec.decode(List.of(p)).get(0)
                    : p)
        .toList();
  }

  private void transform(Context ctx, BiFunction<PayloadCodec, List<Payload>, List<Payload>> how)
      throws Exception {
    Caller caller = ApiRoutes.caller(ctx);
    if (!grants.isAdmin(caller)) {
      throw Refusal.forbidden(
          caller.login() + " is not an admin; only admins may decode TailGrant's payloads");
    }
    if (codec == null) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "no_encryption",
          "payload encryption is off (temporal.encryptionKeyFile is not set): nothing to decode");
    }
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(ctx.body(), in);
    } catch (InvalidProtocolBufferException e) {
      throw Refusal.badRequest(
          "bad_json", "the body must be {\"payloads\":[...]} as Temporal sends it");
    }
    List<Payload> out;
    try {
      out = how.apply(codec, in.getPayloadsList());
    } catch (PayloadCodecException e) {
      throw Refusal.badRequest("codec_failed", e.getMessage());
    }
    ctx.contentType("application/json")
        .result(
            JsonFormat.printer()
                .omittingInsignificantWhitespace()
                .print(Payloads.newBuilder().addAllPayloads(out)));
  }
}
