/**
 * Java types from the schemas of an AsyncAPI document: records, enums and sealed interfaces for
 * message payloads, and the Java names and source files every generator shares.
 */
package io.tributary.asyncapi.codegen.types;
