package io.tailgrant.notify;

/**
 * Delivers a {@link Notification} over one channel. An implementation makes one attempt and never
 * throws for a delivery problem: it says in the {@link DeliveryResult} whether a retry may help,
 * and leaves retrying (with the same event id, so receivers can dedupe) to its caller.
 */
public interface ChannelSender {
  DeliveryResult send(Notification n);
}
