/**
 * Receiving Tailscale's webhooks: {@link io.tailgrant.hooks.TailscaleWebhookSignature} checks a
 * delivery's signature, age and freshness (with a {@link io.tailgrant.hooks.ReplayGuard}), and
 * {@link io.tailgrant.hooks.TailscaleEvent#parseAll} reads its body. Pure: no HTTP here.
 */
package io.tailgrant.hooks;
