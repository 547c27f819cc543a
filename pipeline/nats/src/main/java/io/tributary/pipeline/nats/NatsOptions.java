package io.tributary.pipeline.nats;

import io.tributary.connectors.nats.NatsSecurity;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.Options;
import io.tributary.streams.settings.SettingType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options that the {@code nats} source and sink share: the server, TLS and authentication. */
final class NatsOptions {

  /** {@code url}: required, the server. */
  static final OptionSpec<String> URL = OptionSpec.required("url", SettingType.string(),
      "The NATS server, e.g. nats://127.0.0.1:4222 (or a comma-separated list).");
  static final OptionSpec<String> CA_FILE = OptionSpec.optional("ca_file", SettingType.string(),
      "TLS: the CA certificate(s) in PEM that signed the server's certificate; turns TLS on.");
  static final OptionSpec<String> CLIENT_CERTIFICATE = OptionSpec.optional("client_certificate",
      SettingType.string(), "TLS: the client's key and certificate chain (PKCS12), for servers that verify clients.");
  static final OptionSpec<String> CLIENT_CERTIFICATE_PASSWORD = OptionSpec.optional("client_certificate_password",
      SettingType.string(), "The password of client_certificate; ${env:NAME} or ${file:PATH} keep it out of the file.");
  static final OptionSpec<String> USER = OptionSpec.optional("user", SettingType.string(),
      "Authenticate as this user (with password).");
  static final OptionSpec<String> PASSWORD = OptionSpec.optional("password", SettingType.string(),
      "The user's password; ${env:NAME} or ${file:PATH} keep it out of the file.");
  static final OptionSpec<String> TOKEN = OptionSpec.optional("token", SettingType.string(),
      "Authenticate with a token; ${env:NAME} or ${file:PATH} keep it out of the file.");
  static final OptionSpec<String> NKEY_SEED_FILE = OptionSpec.optional("nkey_seed_file", SettingType.string(),
      "Authenticate with the user NKey seed in this file.");
  static final OptionSpec<String> CREDENTIALS_FILE = OptionSpec.optional("credentials_file", SettingType.string(),
      "Authenticate with this credentials file (.creds: a user JWT and its NKey seed).");

  /** The TLS and authentication options, in the order the reference lists them. */
  static final List<OptionSpec<?>> SECURITY = List.of(CA_FILE, CLIENT_CERTIFICATE, CLIENT_CERTIFICATE_PASSWORD, USER,
      PASSWORD, TOKEN, NKEY_SEED_FILE, CREDENTIALS_FILE);

  private NatsOptions() {}

  /** Returns {@code first} followed by {@link #SECURITY} and {@code rest}, for a component's option list. */
  static OptionSpec<?>[] with(OptionSpec<?> first, OptionSpec<?>... rest) {
    List<OptionSpec<?>> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(rest));
    all.addAll(SECURITY);
    return all.toArray(OptionSpec<?>[]::new);
  }

  /**
   * Reads the TLS and authentication options; reports a second way to authenticate, a user without a password
   * (or the reverse) and a client certificate without its password as option errors.
   */
  static NatsSecurity security(Options options) {
    NatsSecurity security = NatsSecurity.none();
    Optional<String> ca = CA_FILE.read(options);
    if (ca.isPresent()) {
      security = security.withCaFile(Path.of(ca.get()));
    }
    Optional<String> cert = CLIENT_CERTIFICATE.read(options);
    Optional<String> certPassword = CLIENT_CERTIFICATE_PASSWORD.read(options);
    if (cert.isPresent() != certPassword.isPresent()) {
      options.error(cert.isPresent() ? CLIENT_CERTIFICATE.name() : CLIENT_CERTIFICATE_PASSWORD.name(),
          "client_certificate and client_certificate_password go together");
    } else if (cert.isPresent()) {
      security = security.withClientCertificate(Path.of(cert.get()), certPassword.get());
    }
    Optional<String> user = USER.read(options);
    Optional<String> password = PASSWORD.read(options);
    Optional<String> token = TOKEN.read(options);
    Optional<String> seed = NKEY_SEED_FILE.read(options);
    Optional<String> creds = CREDENTIALS_FILE.read(options);
    int ways = (user.isPresent() || password.isPresent() ? 1 : 0) + (token.isPresent() ? 1 : 0)
        + (seed.isPresent() ? 1 : 0) + (creds.isPresent() ? 1 : 0);
    if (ways > 1) {
      options.error(USER.name(), "choose one way to authenticate: user/password, token, nkey_seed_file or "
          + "credentials_file");
      return security;
    }
    if (user.isPresent() != password.isPresent()) {
      options.error(user.isPresent() ? USER.name() : PASSWORD.name(), "user and password go together");
    } else if (user.isPresent()) {
      security = security.withUserPassword(user.get(), password.get());
    }
    if (token.isPresent()) {
      security = security.withToken(token.get());
    }
    if (seed.isPresent()) {
      security = security.withNKeySeedFile(Path.of(seed.get()));
    }
    if (creds.isPresent()) {
      security = security.withCredentialsFile(Path.of(creds.get()));
    }
    return security;
  }
}
