package io.tributary.embedded.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and the certificates it signs, made at start with the JDK's {@code keytool}
 * (see docs/decisions/0006-security.md): {@code ca.pem} and {@code truststore.p12} (the CA, for clients),
 * {@code broker.p12} (key and chain for {@code localhost} and {@code 127.0.0.1}) and, for mutual TLS,
 * {@code client.p12}. Every store has the same generated password; no password is on a command line (keytool reads
 * it from its environment). Files are readable by their owner only. Public for tests that secure other servers
 * (nats-server, RabbitMQ) with the same kind of CA: {@link #writeServerPem(Path, Path)} gives them PEM files.
 */
public final class ThrowawayCertificates {

    static final String CA_PEM = "ca.pem";
    static final String TRUSTSTORE = "truststore.p12";
    static final String BROKER_KEYSTORE = "broker.p12";
    static final String CLIENT_KEYSTORE = "client.p12";

    private static final String PASSWORD_ENV = "TRIBUTARY_STORE_PASSWORD";
    private static final String VALIDITY_DAYS = "30";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final String storePassword;

    private ThrowawayCertificates(Path dir, String storePassword) {
        this.dir = dir;
        this.storePassword = storePassword;
    }

    /**
     * Generates the CA, the broker's certificate and, when asked, a client certificate in {@code dir}.
     *
     * @param dir where the files go (created if missing)
     * @param storePassword the password of every store written, at least 6 characters
     * @param withClient whether to write {@code client.p12} too (mutual TLS)
     * @return the generated material
     * @throws EmbeddedKafkaException when keytool fails
     */
    public static ThrowawayCertificates generate(Path dir, String storePassword, boolean withClient) {
        if (storePassword.length() < 6) {
            throw new IllegalArgumentException("storePassword must have at least 6 characters (keytool's rule), got "
                    + storePassword.length());
        }
        ThrowawayCertificates certs = new ThrowawayCertificates(dir, storePassword);
        try {
            Files.createDirectories(dir);
            for (String name : List.of("ca.p12", BROKER_KEYSTORE, CLIENT_KEYSTORE, TRUSTSTORE, CA_PEM)) {
                Files.deleteIfExists(dir.resolve(name)); // keytool refuses to add an alias that exists
            }
            certs.generateAll(withClient);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not write the TLS files of the embedded Kafka broker into " + dir
                    + ": " + e + ". Check that the directory is writable.", e);
        } catch (GeneralSecurityException e) {
            throw new EmbeddedKafkaException("Could not assemble the TLS stores of the embedded Kafka broker in "
                    + dir + ": " + e, e);
        }
        return certs;
    }

    /** @return the CA's certificate in PEM ({@code ca.pem}) */
    public Path caPem() {
        return dir.resolve(CA_PEM);
    }

    /** @return a PKCS12 truststore holding the CA ({@code truststore.p12}) */
    public Path truststore() {
        return dir.resolve(TRUSTSTORE);
    }

    /** @return the server's key and chain for {@code localhost}/{@code 127.0.0.1} ({@code broker.p12}) */
    public Path brokerKeystore() {
        return dir.resolve(BROKER_KEYSTORE);
    }

    /** @return the client's key and chain ({@code client.p12}), when generated with a client */
    public Path clientKeystore() {
        return dir.resolve(CLIENT_KEYSTORE);
    }

    /** @return the password of every store */
    public String storePassword() {
        return storePassword;
    }

    /**
     * Writes the server's certificate chain and its private key (PKCS#8) as PEM, for servers that read PEM
     * (nats-server, RabbitMQ). Both files are readable by their owner only.
     *
     * @param certificatePem where the chain goes
     * @param privateKeyPem where the key goes
     */
    public void writeServerPem(Path certificatePem, Path privateKeyPem) {
        try {
            KeyStore ks = load(brokerKeystore());
            StringBuilder chain = new StringBuilder();
            for (Certificate c : ks.getCertificateChain("broker")) {
                chain.append(pem("CERTIFICATE", c.getEncoded()));
            }
            writePrivate(certificatePem, chain.toString().getBytes(StandardCharsets.US_ASCII));
            Key key = ks.getKey("broker", storePassword.toCharArray());
            writePrivate(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException e) {
            throw new EmbeddedKafkaException("Could not export the server certificate as PEM: " + e, e);
        }
    }

    private void generateAll(boolean withClient) throws IOException, GeneralSecurityException {
        List<String> leaves = withClient ? List.of("broker", "client") : List.of("broker");
        // key pairs in parallel: each keytool is a JVM start
        List<List<String>> pairs = new ArrayList<>();
        pairs.add(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Tributary throwaway CA", "-ext", "bc:c", "-validity", VALIDITY_DAYS,
                "-keystore", "ca.p12", "-storetype", "PKCS12"));
        for (String leaf : leaves) {
            pairs.add(List.of("-genkeypair", "-alias", leaf, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", leaf.equals("broker") ? "CN=localhost" : "CN=tributary-client",
                    "-validity", VALIDITY_DAYS, "-keystore", leaf + ".p12", "-storetype", "PKCS12"));
        }
        keytool(pairs);
        List<List<String>> requests = new ArrayList<>();
        for (String leaf : leaves) {
            requests.add(List.of("-certreq", "-alias", leaf, "-keystore", leaf + ".p12", "-file", leaf + ".csr"));
        }
        keytool(requests);
        List<List<String>> signings = new ArrayList<>();
        for (String leaf : leaves) {
            List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12",
                    "-infile", leaf + ".csr", "-outfile", leaf + ".pem", "-rfc", "-validity", VALIDITY_DAYS,
                    "-ext", "KU=digitalSignature,keyEncipherment"));
            if (leaf.equals("broker")) {
                sign.addAll(List.of("-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth"));
            } else {
                sign.addAll(List.of("-ext", "EKU=clientAuth"));
            }
            signings.add(sign);
        }
        keytool(signings);

        X509Certificate ca = (X509Certificate) load(dir.resolve("ca.p12")).getCertificate("ca");
        writePrivate(caPem(), pem("CERTIFICATE", ca.getEncoded()).getBytes(StandardCharsets.US_ASCII));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        store(trust, truststore());
        for (String leaf : leaves) {
            Path keystore = dir.resolve(leaf + ".p12");
            KeyStore ks = load(keystore);
            Key key = ks.getKey(leaf, storePassword.toCharArray());
            Certificate signed = readCertificate(dir.resolve(leaf + ".pem"));
            ks.setKeyEntry(leaf, (PrivateKey) key, storePassword.toCharArray(), new Certificate[] {signed, ca});
            ks.setCertificateEntry("ca", ca);
            store(ks, keystore);
            Files.deleteIfExists(dir.resolve(leaf + ".csr"));
            Files.deleteIfExists(dir.resolve(leaf + ".pem"));
        }
        Files.deleteIfExists(dir.resolve("ca.p12")); // the CA's key is never needed again
    }

    private void keytool(List<List<String>> invocations) throws IOException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (List<String> args : invocations) {
            List<String> command = new ArrayList<>();
            command.add(keytool);
            command.addAll(args);
            command.addAll(List.of("-storepass:env", PASSWORD_ENV, "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto"));
            if (args.get(0).equals("-genkeypair")) {
                command.addAll(List.of("-keypass:env", PASSWORD_ENV));
            }
            Path output = Files.createTempFile(dir, "keytool-", ".log");
            outputs.add(output);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put(PASSWORD_ENV, storePassword);
            running.add(builder.start());
        }
        try {
            for (int i = 0; i < running.size(); i++) {
                Process p = running.get(i);
                if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new EmbeddedKafkaException("keytool " + invocations.get(i).get(0) + " did not finish within "
                            + KEYTOOL_TIMEOUT_SECONDS + " s in " + dir);
                }
                if (p.exitValue() != 0) {
                    throw new EmbeddedKafkaException("keytool " + String.join(" ", invocations.get(i))
                            + " failed with exit code " + p.exitValue() + ": "
                            + Files.readString(outputs.get(i)).strip());
                }
            }
        } catch (InterruptedException e) {
            running.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException(
                    "Interrupted while generating the embedded Kafka broker's certificates", e);
        } finally {
            for (Path output : outputs) {
                Files.deleteIfExists(output);
            }
        }
    }

    private KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, storePassword.toCharArray());
        }
        return ks;
    }

    private void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        createPrivate(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, storePassword.toCharArray());
        }
    }

    private static Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return certs.iterator().next();
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** Writes a file that only its owner may read (where the file system has POSIX permissions). */
    static void writePrivate(Path file, byte[] content) throws IOException {
        Files.deleteIfExists(file);
        createPrivate(file);
        Files.write(file, content);
    }

    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }
}
