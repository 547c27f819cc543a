/**
 * A document as the generator reads it: servers, channels, operations and messages with every
 * {@code $ref} and trait resolved, each with the JSON pointer it came from (for error messages).
 */
package io.tributary.asyncapi.codegen.model;
