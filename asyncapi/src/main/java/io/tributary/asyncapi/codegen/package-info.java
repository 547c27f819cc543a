/**
 * Java code from an AsyncAPI 3.0.x / 3.1.x document: payload types (records, enums, sealed
 * interfaces), a handler interface and runner factory per {@code receive} operation, a typed
 * publisher per {@code send} operation. Entry point: {@link io.tributary.asyncapi.codegen.AsyncApiGenerator}.
 */
package io.tributary.asyncapi.codegen;
