package io.tributary.streams.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a client connection from files: the CA certificate(s) to trust, in PEM, and
 * optionally a client key and certificate chain (PKCS12) for servers that verify clients. Without a CA file the
 * JVM's default trust store is used; there is no trust-all mode.
 */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * Creates a TLS context.
   *
   * @param caPem the CA certificate(s) in PEM to trust, or null for the JVM's trust store
   * @param clientPkcs12 the client's key and chain, or null for none
   * @param clientPassword the store's password, or a {@code ${env:NAME}} / {@code ${file:PATH}} reference
   *     ({@link SecretReferences}); ignored without {@code clientPkcs12}
   * @return the context
   * @throws IOException when a file cannot be read or holds no certificate
   * @throws GeneralSecurityException when a store cannot be loaded (a wrong password, a broken file)
   */
  public static SSLContext create(Path caPem, Path clientPkcs12, String clientPassword)
      throws IOException, GeneralSecurityException {
    TrustManagerFactory trust = null;
    if (caPem != null) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      try (InputStream in = Files.newInputStream(caPem)) {
        int i = 0;
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trusted.setCertificateEntry("ca-" + i++, cert);
        }
        if (i == 0) {
          throw new IOException("no certificate in " + caPem + " (expected PEM)");
        }
      }
      trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
    }
    KeyManagerFactory keys = null;
    if (clientPkcs12 != null) {
      char[] pass = SecretReferences.resolve(clientPassword == null ? "" : clientPassword).toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(clientPkcs12)) {
        ks.load(in, pass);
      }
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(ks, pass);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
    return context;
  }
}
