/**
 * The {@code validation} suite: the cost per message of validating a payload against its JSON Schema
 * at ingress ({@link io.tributary.asyncapi.validation.ValidatingDecoder}) against the plain Jackson
 * decoder it wraps.
 */
package io.tributary.bench.validation;
