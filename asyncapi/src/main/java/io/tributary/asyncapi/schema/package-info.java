/**
 * JSON Schemas of payload types ({@link io.tributary.asyncapi.schema.JsonSchemas}): the one generator
 * that ingress validation and the AsyncAPI documents share.
 */
package io.tributary.asyncapi.schema;
