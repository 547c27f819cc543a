package io.tributary.pipeline.amqp;

import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.streams.settings.SettingType;
import io.tributary.pipeline.config.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The options that the {@code amqp} source and sink share. */
final class AmqpOptions {

  /** {@code uri}: required, an {@code amqp://} or {@code amqps://} URI as {@link AmqpConnectionSettings} checks it. */
  static final OptionSpec<String> URI = OptionSpec.required("uri",
      SettingType.string("amqp:// or amqps:// URI", AmqpOptions::uriProblem),
      "The broker, amqp://user:password@host:port/vhost (no path: the virtual host /).");

  static final OptionSpec<String> CA_FILE = OptionSpec.optional("ca_file", SettingType.string(),
      "amqps://: the CA certificate(s) in PEM that signed the broker's certificate (default: the JVM's trust store).");
  static final OptionSpec<String> CLIENT_CERTIFICATE = OptionSpec.optional("client_certificate",
      SettingType.string(), "amqps://: the client's key and certificate chain (PKCS12), for brokers that verify "
          + "clients.");
  static final OptionSpec<String> CLIENT_CERTIFICATE_PASSWORD = OptionSpec.optional("client_certificate_password",
      SettingType.string(), "The password of client_certificate; ${env:NAME} or ${file:PATH} keep it out of the file.");
  static final OptionSpec<String> USER = OptionSpec.optional("user", SettingType.string(),
      "Authenticate as this user instead of the URI's (with password).");
  static final OptionSpec<String> PASSWORD = OptionSpec.optional("password", SettingType.string(),
      "The user's password; ${env:NAME} or ${file:PATH} keep it out of the file and the URI.");

  /** The TLS and credential options, in the order the reference lists them. */
  static final List<OptionSpec<?>> SECURITY = List.of(CA_FILE, CLIENT_CERTIFICATE, CLIENT_CERTIFICATE_PASSWORD, USER,
      PASSWORD);

  private AmqpOptions() {}

  /** Returns {@code first} followed by {@code rest} and {@link #SECURITY}, for a component's option list. */
  static OptionSpec<?>[] with(OptionSpec<?> first, OptionSpec<?>... rest) {
    List<OptionSpec<?>> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(rest));
    all.addAll(SECURITY);
    return all.toArray(OptionSpec<?>[]::new);
  }

  /**
   * Reads the TLS and credential options into a change of the connection settings; a user without a password
   * (or the reverse) and a client certificate without its password are option errors.
   */
  static UnaryOperator<AmqpConnectionSettings> security(Options options) {
    Optional<String> ca = CA_FILE.read(options);
    Optional<String> cert = CLIENT_CERTIFICATE.read(options);
    Optional<String> certPassword = CLIENT_CERTIFICATE_PASSWORD.read(options);
    Optional<String> user = USER.read(options);
    Optional<String> password = PASSWORD.read(options);
    if (cert.isPresent() != certPassword.isPresent()) {
      options.error(cert.isPresent() ? CLIENT_CERTIFICATE.name() : CLIENT_CERTIFICATE_PASSWORD.name(),
          "client_certificate and client_certificate_password go together");
    }
    if (user.isPresent() != password.isPresent()) {
      options.error(user.isPresent() ? USER.name() : PASSWORD.name(), "user and password go together");
    }
    return connection -> {
      AmqpConnectionSettings c = connection;
      if (ca.isPresent()) {
        c = c.withTrustedCa(Path.of(ca.get()));
      }
      if (cert.isPresent() && certPassword.isPresent()) {
        c = c.withClientCertificate(Path.of(cert.get()), certPassword.get());
      }
      if (user.isPresent() && password.isPresent()) {
        c = c.withCredentials(user.get(), password.get());
      }
      return c;
    };
  }

  private static Optional<String> uriProblem(String uri) {
    try {
      AmqpConnectionSettings.create(uri);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
