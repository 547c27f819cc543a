package io.tributary.embedded.kafka;

/**
 * Thrown when the embedded Kafka broker cannot be started, does not become ready in time, or an
 * administrative operation on it (such as creating a topic) fails.
 *
 * <p>The message says what went wrong and what to do about it; where the broker's child JVM was involved it
 * ends with the last lines of the broker's log file.
 */
public class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and what to do
     */
    public EmbeddedKafkaException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
