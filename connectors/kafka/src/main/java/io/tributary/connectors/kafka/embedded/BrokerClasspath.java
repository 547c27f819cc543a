package io.tributary.connectors.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the classpath of the broker's child JVM: the jars of {@code org.apache.kafka:kafka_2.13} and its
 * logging binding, as resolved by the module {@code tributary-kafka-broker-classpath} into a resource.
 */
final class BrokerClasspath {

    /** The resource written by {@code tributary-kafka-broker-classpath} at build time. */
    static final String RESOURCE = "io/tributary/kafka-broker.classpath";

    /** A system property that, when set, replaces the resource. */
    static final String PROPERTY = "tributary.kafka.broker.classpath";

    private BrokerClasspath() {
    }

    /**
     * Returns the broker classpath: the explicit one if given, else the system property, else the resource.
     *
     * @param explicit a classpath given to the builder, or {@code null}
     * @return a classpath string whose entries all exist
     * @throws EmbeddedKafkaException when none is found or an entry is missing
     */
    static String resolve(String explicit) {
        String source;
        String classpath;
        if (explicit != null) {
            source = "the builder's brokerClasspath(...)";
            classpath = explicit;
        } else if (System.getProperty(PROPERTY) != null) {
            source = "the system property " + PROPERTY;
            classpath = System.getProperty(PROPERTY);
        } else {
            source = "the resource " + RESOURCE;
            classpath = readResource();
        }
        classpath = classpath.strip();
        if (classpath.isEmpty()) {
            throw new EmbeddedKafkaException("The Kafka broker classpath from " + source + " is empty. "
                    + "Rebuild the module tributary-kafka-broker-classpath (it runs dependency:build-classpath at "
                    + "generate-resources) or set -D" + PROPERTY + "=<jars>.");
        }
        List<String> missing = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                missing.add(entry);
            }
        }
        if (!missing.isEmpty()) {
            throw new EmbeddedKafkaException("The Kafka broker classpath from " + source + " names "
                    + missing.size() + " jar(s) that do not exist, e.g. " + missing.subList(0, Math.min(3, missing.size()))
                    + ". The classpath holds absolute paths into the local Maven repository of the machine that built "
                    + "tributary-kafka-broker-classpath: rebuild that module here (online once, so Maven downloads "
                    + "the broker's jars) or set -D" + PROPERTY + "=<jars>.");
        }
        return classpath;
    }

    private static String readResource() {
        ClassLoader loader = BrokerClasspath.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EmbeddedKafkaException("The resource " + RESOURCE + " is not on the classpath, so the "
                        + "embedded Kafka broker does not know its jars. Depend on "
                        + "io.tributary:tributary-kafka-broker-classpath (with a wildcard exclusion, as "
                        + "tributary-connector-kafka does), or set -D" + PROPERTY + "=<jars>.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not read the resource " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
