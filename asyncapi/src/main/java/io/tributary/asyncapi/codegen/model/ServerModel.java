package io.tributary.asyncapi.codegen.model;

import java.util.Optional;

/**
 * A server.
 *
 * @param id its key under {@code servers}
 * @param pointer where it is, e.g. {@code #/servers/production}
 * @param protocol {@code kafka}, {@code amqp} or {@code nats} ({@code kafka-secure} and {@code amqps}
 *     are read as {@code kafka} and {@code amqp} with {@code secure} set)
 * @param secure whether the protocol named TLS ({@code kafka-secure}, {@code amqps}, {@code tls})
 * @param host {@code host[:port]} as written (variables left as {@code {name}})
 * @param pathname the path (an AMQP vhost), when given
 * @param description its description
 */
public record ServerModel(String id, String pointer, String protocol, boolean secure, String host,
    Optional<String> pathname, Optional<String> description) {}
