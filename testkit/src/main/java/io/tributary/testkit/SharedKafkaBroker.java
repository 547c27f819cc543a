package io.tributary.testkit;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;

/**
 * The one embedded Kafka broker of this JVM behind {@link EmbeddedKafkaExtension#shared()}: started on first use,
 * never closed here. {@link EmbeddedKafkaBroker} registers a shutdown hook that stops its child JVM and deletes its
 * temporary data directory when this JVM exits, and the child stops by itself when this JVM is killed.
 */
final class SharedKafkaBroker {

    private static EmbeddedKafkaBroker broker; // guarded by SharedKafkaBroker.class

    private SharedKafkaBroker() {
    }

    /**
     * Returns the shared broker, starting it first if no test class has yet (or if it is no longer running).
     *
     * @return the running shared broker
     */
    static synchronized EmbeddedKafkaBroker get() {
        if (broker == null || !broker.isRunning()) {
            broker = EmbeddedKafkaBroker.builder().build().start();
        }
        return broker;
    }
}
