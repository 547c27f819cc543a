package io.tributary.embedded.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the jars of the broker's child JVM on the machine where it runs. The module {@code
 * tributary-kafka-broker-classpath} records them at build time as paths relative to a Maven
 * repository ({@code @REPO@/org/apache/kafka/kafka_2.13/3.9.2/kafka_2.13-3.9.2.jar:...}); each is
 * looked for, in this order:
 * <ol>
 *   <li>in the local Maven repository: {@code -Dmaven.repo.local}, else {@code <localRepository>} of
 *       {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository};</li>
 *   <li>beside the launcher: in the directory {@code -Dtributary.kafka.broker.lib}, else {@code
 *       kafka-broker/} next to the jar this class came from (a distribution can ship them there);</li>
 *   <li>on Maven Central, downloaded once into the local repository (turn off with {@code
 *       -Dtributary.kafka.broker.download=false}).</li>
 * </ol>
 */
final class BrokerClasspath {

    private static final Logger log = LoggerFactory.getLogger(BrokerClasspath.class);

    /** The resource written by {@code tributary-kafka-broker-classpath} at build time. */
    static final String RESOURCE = "io/tributary/kafka-broker.classpath";
    /** A system property that, when set, replaces the resource with a classpath of existing jars. */
    static final String PROPERTY = "tributary.kafka.broker.classpath";
    /** A directory holding the broker's jars, shipped beside the launcher. */
    static final String LIB_PROPERTY = "tributary.kafka.broker.lib";
    /** Whether missing jars may be fetched from Maven Central (default true). */
    static final String DOWNLOAD_PROPERTY = "tributary.kafka.broker.download";
    /** Where the resource's relative paths start. */
    static final String REPO = "@REPO@";

    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final Pattern LOCAL_REPOSITORY = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");

    private BrokerClasspath() {
    }

    /**
     * Returns the broker classpath: the explicit one if given, else the system property, else the resource's jars
     * found on this machine.
     *
     * @param explicit a classpath given to the builder, or {@code null}
     * @return a classpath string whose entries all exist
     * @throws EmbeddedKafkaException when none is found or a jar cannot be found or fetched
     */
    static String resolve(String explicit) {
        if (explicit != null) {
            return requireExisting(explicit, "the builder's brokerClasspath(...)");
        }
        if (System.getProperty(PROPERTY) != null) {
            return requireExisting(System.getProperty(PROPERTY), "the system property " + PROPERTY);
        }
        List<String> jars = entries(readResource());
        if (jars.isEmpty()) {
            throw new EmbeddedKafkaException("The resource " + RESOURCE + " lists no jars. Rebuild the module "
                    + "tributary-kafka-broker-classpath, or set -D" + PROPERTY + "=<jars>.");
        }
        Locations locations = Locations.ofThisMachine();
        List<String> resolved = new ArrayList<>();
        for (String jar : jars) {
            resolved.add(locate(jar, locations).toString());
        }
        return String.join(File.pathSeparator, resolved);
    }

    /** Where jars are looked for; see the class comment. */
    record Locations(Path localRepository, Optional<Path> shippedJars, boolean download) {

        static Locations ofThisMachine() {
            Path lib = System.getProperty(LIB_PROPERTY) != null ? Path.of(System.getProperty(LIB_PROPERTY))
                    : besideTheLauncher();
            return new Locations(BrokerClasspath.localRepository(), Optional.ofNullable(lib),
                    !"false".equalsIgnoreCase(System.getProperty(DOWNLOAD_PROPERTY, "true")));
        }
    }

    /** Returns the resource's entries, each a path relative to a Maven repository. */
    static List<String> entries(String resource) {
        List<String> jars = new ArrayList<>();
        for (String entry : resource.strip().split("[:;]")) {
            String jar = entry.strip();
            if (jar.isEmpty()) {
                continue;
            }
            if (!jar.startsWith(REPO + "/")) {
                throw new EmbeddedKafkaException("The resource " + RESOURCE + " names '" + jar + "', which is not a "
                        + "path in a Maven repository (" + REPO + "/...): it was built by an older "
                        + "tributary-kafka-broker-classpath. Rebuild it, or set -D" + PROPERTY + "=<jars>.");
            }
            jars.add(jar.substring(REPO.length() + 1));
        }
        return jars;
    }

    /** Finds one jar: local repository, shipped jars, then Maven Central into the local repository. */
    static Path locate(String relativePath, Locations locations) {
        Path inRepository = locations.localRepository().resolve(relativePath);
        if (Files.isRegularFile(inRepository)) {
            return inRepository;
        }
        String fileName = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        if (locations.shippedJars().isPresent()) {
            Path shipped = locations.shippedJars().get().resolve(fileName);
            if (Files.isRegularFile(shipped)) {
                return shipped;
            }
        }
        if (!locations.download()) {
            throw new EmbeddedKafkaException("The Kafka broker's jar " + fileName + " is neither in the local Maven "
                    + "repository (" + inRepository + ") nor beside the launcher"
                    + locations.shippedJars().map(d -> " (" + d + ")").orElse("") + ", and downloading is off (-D"
                    + DOWNLOAD_PROPERTY + "=false). Put it in one of those places, or allow the download.");
        }
        download(CENTRAL + relativePath, inRepository);
        return inRepository;
    }

    private static void download(String url, Path target) {
        log.info("Fetching the Kafka broker's jar {} into {}", url, target.getParent());
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpResponse<Path> response = client.send(HttpRequest.newBuilder(new URI(url))
                        .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofFile(partial));
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | URISyntaxException e) {
            throw new EmbeddedKafkaException("Could not fetch the Kafka broker's jar " + url + " into " + target + ": "
                    + e + ". Without network access, put the jar there (e.g. with mvn dependency:get) or beside the "
                    + "launcher (-D" + LIB_PROPERTY + "=DIR).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while fetching " + url, e);
        }
    }

    /** The local Maven repository, as Maven finds it (without profiles and environment interpolation). */
    static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path settings = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = LOCAL_REPOSITORY.matcher(Files.readString(settings));
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", home.toString()));
                }
            } catch (IOException e) {
                log.debug("Could not read {}: {}", settings, e.toString());
            }
        }
        return home.resolve(".m2").resolve("repository");
    }

    /** {@code kafka-broker/} next to the jar (or classes directory) this class was loaded from, if it exists. */
    private static Path besideTheLauncher() {
        try {
            var source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path dir = Path.of(source.getLocation().toURI()).getParent().resolve("kafka-broker");
            return Files.isDirectory(dir) ? dir : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String requireExisting(String classpath, String source) {
        String trimmed = classpath.strip();
        if (trimmed.isEmpty()) {
            throw new EmbeddedKafkaException("The Kafka broker classpath from " + source + " is empty.");
        }
        List<String> missing = new ArrayList<>();
        for (String entry : trimmed.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                missing.add(entry);
            }
        }
        if (!missing.isEmpty()) {
            throw new EmbeddedKafkaException("The Kafka broker classpath from " + source + " names " + missing.size()
                    + " jar(s) that do not exist, e.g. " + missing.subList(0, Math.min(3, missing.size())) + ".");
        }
        return trimmed;
    }

    private static String readResource() {
        ClassLoader loader = BrokerClasspath.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EmbeddedKafkaException("The resource " + RESOURCE + " is not on the classpath, so the "
                        + "embedded Kafka broker does not know its jars. Depend on "
                        + "io.tributary:tributary-kafka-broker-classpath (with a wildcard exclusion, as "
                        + "tributary-embedded-kafka does), or set -D" + PROPERTY + "=<jars>.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not read the resource " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
