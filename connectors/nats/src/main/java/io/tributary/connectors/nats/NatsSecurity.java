package io.tributary.connectors.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.streams.settings.SecretReferences;
import io.tributary.streams.settings.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a NATS connection is secured: TLS trust (a CA file in PEM), a client certificate (mutual TLS), and one way
 * to authenticate: user and password, a token, an NKey seed file, or a credentials file ({@code .creds}: a user
 * JWT and its NKey seed, for servers in operator mode). Secrets are read from files or given as {@code ${env:NAME}} /
 * {@code ${file:PATH}} references; {@link #toString()} never shows them. Immutable: each {@code with} returns a copy.
 *
 * <pre>{@code
 * NatsSecurity security = NatsSecurity.none().withCaFile(Path.of("ca.pem"))
 *     .withUserPassword("alice", "${env:NATS_PASSWORD}");
 * Connection c = NatsConnections.connect("nats://127.0.0.1:4443", security, Duration.ofSeconds(5), "app");
 * }</pre>
 */
public final class NatsSecurity {

  private static final NatsSecurity NONE = new NatsSecurity(null, null, null, null, null, null, null, null);

  private final Path caFile;
  private final Path clientKeystore;
  private final String clientKeystorePassword;
  private final String user;
  private final String password;
  private final String token;
  private final Path nkeySeedFile;
  private final Path credentialsFile;

  private NatsSecurity(Path caFile, Path clientKeystore, String clientKeystorePassword, String user, String password,
      String token, Path nkeySeedFile, Path credentialsFile) {
    this.caFile = caFile;
    this.clientKeystore = clientKeystore;
    this.clientKeystorePassword = clientKeystorePassword;
    this.user = user;
    this.password = password;
    this.token = token;
    this.nkeySeedFile = nkeySeedFile;
    this.credentialsFile = credentialsFile;
  }

  /** @return plain TCP, no authentication (or what the URL's user info says) */
  public static NatsSecurity none() {
    return NONE;
  }

  /**
   * @param caFile the CA certificate(s) in PEM that signed the server's certificate; turns TLS on
   * @return a copy that connects with TLS and trusts only that CA
   */
  public NatsSecurity withCaFile(Path caFile) {
    return new NatsSecurity(Objects.requireNonNull(caFile, "caFile"), clientKeystore, clientKeystorePassword, user,
        password, token, nkeySeedFile, credentialsFile);
  }

  /**
   * @param pkcs12 the client's key and certificate chain (PKCS12), for servers that verify clients
   * @param password the store's password, or an {@code ${env:NAME}} / {@code ${file:PATH}} reference
   * @return a copy that presents this client certificate (mutual TLS)
   */
  public NatsSecurity withClientCertificate(Path pkcs12, String password) {
    return new NatsSecurity(caFile, Objects.requireNonNull(pkcs12, "pkcs12"), Objects.requireNonNull(password,
        "password"), user, this.password, token, nkeySeedFile, credentialsFile);
  }

  /**
   * @param user the user name
   * @param password the password, or an {@code ${env:NAME}} / {@code ${file:PATH}} reference
   * @return a copy that authenticates with user and password (and no other way)
   */
  public NatsSecurity withUserPassword(String user, String password) {
    return new NatsSecurity(caFile, clientKeystore, clientKeystorePassword, Objects.requireNonNull(user, "user"),
        Objects.requireNonNull(password, "password"), null, null, null);
  }

  /**
   * @param token the token, or an {@code ${env:NAME}} / {@code ${file:PATH}} reference
   * @return a copy that authenticates with a token (and no other way)
   */
  public NatsSecurity withToken(String token) {
    return new NatsSecurity(caFile, clientKeystore, clientKeystorePassword, null, null,
        Objects.requireNonNull(token, "token"), null, null);
  }

  /**
   * @param seedFile a file holding a user NKey seed ({@code SU...})
   * @return a copy that authenticates by signing the server's nonce with that NKey (and no other way)
   */
  public NatsSecurity withNKeySeedFile(Path seedFile) {
    return new NatsSecurity(caFile, clientKeystore, clientKeystorePassword, null, null, null,
        Objects.requireNonNull(seedFile, "seedFile"), null);
  }

  /**
   * @param credsFile a NATS credentials file: a user JWT and its NKey seed (decentralized auth); for an NKey
   *     without a JWT use {@link #withNKeySeedFile(Path)}
   * @return a copy that authenticates with it (and no other way)
   */
  public NatsSecurity withCredentialsFile(Path credsFile) {
    return new NatsSecurity(caFile, clientKeystore, clientKeystorePassword, null, null, null, null,
        Objects.requireNonNull(credsFile, "credsFile"));
  }

  /** @return whether the connection uses TLS */
  public boolean tls() {
    return caFile != null || clientKeystore != null;
  }

  /** @return how the connection authenticates, for messages: none, user, token, nkey or creds (never a secret) */
  public String authentication() {
    if (user != null) {
      return "user " + user + " with a password";
    }
    if (token != null) {
      return "a token";
    }
    if (nkeySeedFile != null) {
      return "the NKey seed in " + nkeySeedFile;
    }
    if (credentialsFile != null) {
      return "the credentials file " + credentialsFile;
    }
    return "none";
  }

  /**
   * Applies TLS and authentication to a connection's options.
   *
   * @param options the options being built
   * @return the same builder
   * @throws NatsSetupException naming the file or variable that could not be read (never a secret)
   */
  public Options.Builder applyTo(Options.Builder options) {
    try {
      if (tls()) {
        options.sslContext(sslContext());
      }
      if (user != null) {
        options.userInfo(user, SecretReferences.resolve(password));
      } else if (token != null) {
        options.token(SecretReferences.resolve(token).toCharArray());
      } else if (nkeySeedFile != null) {
        char[] seed = Files.readString(nkeySeedFile, StandardCharsets.US_ASCII).strip().toCharArray();
        options.authHandler(Nats.staticCredentials(null, seed));
      } else if (credentialsFile != null) {
        if (!Files.isReadable(credentialsFile)) {
          throw new IOException("cannot read " + credentialsFile);
        }
        options.authHandler(Nats.credentials(credentialsFile.toString()));
      }
      return options;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new NatsSetupException("cannot prepare the NATS connection's security (TLS " + (tls() ? "on" : "off")
          + ", authentication: " + authentication() + "): " + e.getMessage()
          + "; check the files and environment variables named in the settings", e);
    }
  }

  private SSLContext sslContext() throws IOException, GeneralSecurityException {
    return TlsContexts.create(caFile, clientKeystore, clientKeystorePassword);
  }

  @Override
  public String toString() {
    return "NatsSecurity(tls=" + (caFile != null ? "ca " + caFile : tls() ? "on" : "off")
        + (clientKeystore != null ? ", client certificate " + clientKeystore : "")
        + ", authentication=" + authentication() + ")";
  }
}
