/**
 * Payload validation at ingress: {@link io.tributary.asyncapi.validation.PayloadSchema} (a JSON Schema
 * compiled once, from a Java type, a schema text or tree, or a message of an AsyncAPI document) and
 * {@link io.tributary.asyncapi.validation.ValidatingDecoder} (a {@link
 * io.tributary.streams.codec.PayloadDecoder} that parses, validates, then decodes). An invalid payload
 * is dead-lettered by its connector with its violations in the header {@link
 * io.tributary.streams.deadletter.DeadLetterHeaders#VALIDATION_ERRORS}. See docs/validation.md.
 */
package io.tributary.asyncapi.validation;
