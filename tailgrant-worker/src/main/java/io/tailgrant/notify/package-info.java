/**
 * The channel layer of TailGrant's notifications: a {@link io.tailgrant.notify.Notification}, the
 * pure builders that turn it into a Slack, Microsoft Teams, generic-webhook or email message, and
 * the {@link io.tailgrant.notify.ChannelSender}s that deliver those messages; {@link
 * io.tailgrant.notify.NotificationChannels} builds them from config and {@link
 * io.tailgrant.notify.NotifierActivitiesImpl} is the activity the grant workflow calls. The event
 * kinds, the plan a grant carries and the activity's interface are grant-core's.
 *
 * <p>Every value a user typed (reason, comment, and to be safe also requester, target, actor and
 * grant type) is cleaned by {@link io.tailgrant.notify.NotificationText} and then escaped for the
 * format it is embedded in, so it reads literally: it cannot become markup, a mention or a link.
 * Webhook URLs and passwords are {@link io.tailgrant.notify.Secret}s and never appear in a log
 * line, a {@code toString()} or a {@link io.tailgrant.notify.DeliveryResult}.
 */
package io.tailgrant.notify;
