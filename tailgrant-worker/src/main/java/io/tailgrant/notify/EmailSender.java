package io.tailgrant.notify;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link EmailMessage}s over SMTP with Angus Mail (the Jakarta Mail implementation), to the
 * notification's recipients that are email addresses (logins without an {@code @} are skipped).
 *
 * <p>Outcomes: accepted by the server is delivered; a 4xx SMTP reply or a connection problem is
 * retryable; a 5xx reply (such as a rejected recipient) or failed authentication is permanent, as
 * is a notification with no email address to send to. The message carries {@code Message-ID:
 * <tailgrant.<event id>@<from domain>>}, so a retried event is recognisably the same mail, and
 * {@code Auto-Submitted: auto-generated} so that auto-responders stay quiet.
 */
public final class EmailSender implements ChannelSender {
  private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);

  /**
   * @param host the SMTP server
   * @param port its port, e.g. 587 for submission with STARTTLS
   * @param from the sender address
   * @param startTls require STARTTLS (and check the server's certificate and name) before
   *     authenticating and sending
   * @param username the SMTP login, or null to send without authenticating
   * @param password the SMTP password, a secret; null without a username
   * @param timeout connect, read and write timeout; null for 10 seconds
   */
  public record Config(
      String host,
      int port,
      String from,
      boolean startTls,
      String username,
      Secret password,
      Duration timeout) {
    public Config {
      Objects.requireNonNull(host, "host");
      if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        throw new IllegalArgumentException("SMTP host is empty or has spaces");
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("SMTP port out of range: " + port);
      }
      Objects.requireNonNull(from, "from");
      try {
        new InternetAddress(from, true).validate();
      } catch (AddressException e) {
        throw new IllegalArgumentException("from is not an email address", e);
      }
      if (username != null && password == null) {
        throw new IllegalArgumentException("a username needs a password");
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive");
      }
    }
  }

  private final Config config;
  private final Clock clock;
  private final Session session;

  public EmailSender(Config config) {
    this(config, Clock.systemUTC());
  }

  public EmailSender(Config config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session = Session.getInstance(properties(config));
  }

  private static Properties properties(Config c) {
    long millis = (c.timeout() == null ? HttpDelivery.DEFAULT_TIMEOUT : c.timeout()).toMillis();
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", c.host());
    p.setProperty("mail.smtp.port", Integer.toString(c.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(millis));
    p.setProperty("mail.smtp.timeout", Long.toString(millis));
    p.setProperty("mail.smtp.writetimeout", Long.toString(millis));
    p.setProperty("mail.smtp.auth", Boolean.toString(c.username() != null));
    if (c.startTls()) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
      p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    }
    return p;
  }

  @Override
  public DeliveryResult send(Notification n) {
    List<InternetAddress> to = addresses(n.recipients());
    if (to.isEmpty()) {
      return DeliveryResult.permanent(0, "no email address among the recipients");
    }
    DeliveryResult result;
    try {
      MimeMessage message = message(n, to);
      try (Transport transport = session.getTransport("smtp")) {
        transport.connect(
            config.host(),
            config.port(),
            config.username(),
            config.password() == null ? null : config.password().reveal());
        transport.sendMessage(message, message.getAllRecipients());
      }
      result = DeliveryResult.delivered(250, "accepted for " + to.size() + " recipient(s)");
    } catch (MessagingException e) {
      result = classify(e);
    }
    if (result.isDelivered()) {
      LOG.debug("email event {} sent via {}: {}", n.eventId(), config.host(), result.message());
    } else {
      LOG.warn(
          "email event {} not sent via {} ({}): {}",
          n.eventId(),
          config.host(),
          result.isRetryable() ? "will retry" : "permanent",
          result.message());
    }
    return result;
  }

  private MimeMessage message(Notification n, List<InternetAddress> to) throws MessagingException {
    EmailMessage email = EmailMessage.of(n);
    InternetAddress from = new InternetAddress(config.from(), true);
    String messageId = "<tailgrant." + atom(n.eventId()) + "@" + domain(from) + ">";
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    m.setFrom(from);
    m.setRecipients(MimeMessage.RecipientType.TO, to.toArray(new Address[0]));
    m.setSubject(email.subject(), "UTF-8");
    m.setSentDate(Date.from(clock.instant()));
    m.setHeader("Auto-Submitted", "auto-generated");
    m.setHeader("X-TailGrant-Event-Id", atom(n.eventId()));
    MimeBodyPart text = new MimeBodyPart();
    text.setText(email.text(), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(email.html(), "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    m.setContent(alternative);
    m.saveChanges();
    return m;
  }

  /** The recipients that are plain, valid email addresses; logins and garbage are skipped. */
  static List<InternetAddress> addresses(List<String> recipients) {
    List<InternetAddress> out = new ArrayList<>();
    for (String r : recipients) {
      if (r == null || r.indexOf('@') < 0 || r.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
        continue;
      }
      try {
        InternetAddress a = new InternetAddress(r, true);
        a.validate();
        if (a.getPersonal() == null && r.equals(a.getAddress())) {
          out.add(new InternetAddress(a.getAddress()));
        }
      } catch (AddressException e) {
        // Not an email address: this channel has nothing to send to it.
      }
    }
    return out;
  }

  private DeliveryResult classify(MessagingException e) {
    if (e instanceof AuthenticationFailedException) {
      return DeliveryResult.permanent(535, "SMTP authentication failed");
    }
    int code = replyCode(e);
    String what = describe(e);
    if (code >= 500) {
      return DeliveryResult.permanent(code, what);
    }
    if (code >= 400) {
      return DeliveryResult.retryable(code, what, null);
    }
    if (e instanceof SendFailedException) {
      // Rejected addresses without a reply code: retrying sends the same addresses again.
      return DeliveryResult.permanent(0, what);
    }
    // No reply code: the connection failed, timed out or broke; or TLS could not be set up.
    return DeliveryResult.retryable(0, what, null);
  }

  /** The SMTP reply code of the first failure that carries one, else 0. */
  private static int replyCode(Exception e) {
    for (Exception x = e; x != null; ) {
      if (x instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
      if (x instanceof SMTPAddressFailedException s) {
        return s.getReturnCode();
      }
      x = x instanceof MessagingException m ? m.getNextException() : null;
    }
    return 0;
  }

  private String describe(MessagingException e) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      b.append(": ").append(e.getMessage());
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e.getNextException();
    if (cause instanceof IOException || cause instanceof MessagingException) {
      b.append(" (").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        b.append(": ").append(cause.getMessage());
      }
      b.append(')');
    }
    String text = b.toString();
    if (config.password() != null) {
      text = text.replace(config.password().reveal(), "[redacted]");
    }
    return Redaction.oneLine(text, 250);
  }

  /** Keeps only characters that are safe in a Message-ID's local part. */
  private static String atom(String s) {
    String a = s.replaceAll("[^A-Za-z0-9._-]", "-");
    return a.length() > 100 ? a.substring(0, 100) : a;
  }

  private static String domain(InternetAddress from) {
    String address = from.getAddress();
    String d = address.substring(address.lastIndexOf('@') + 1);
    return d.replaceAll("[^A-Za-z0-9.-]", "-");
  }

  @Override
  public String toString() {
    return "EmailSender[" + config.host() + ":" + config.port() + "]";
  }
}
