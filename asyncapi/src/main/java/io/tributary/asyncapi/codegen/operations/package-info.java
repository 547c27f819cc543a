/**
 * Java code for the operations of an AsyncAPI document: per {@code receive} operation a handler
 * interface and a factory that starts the runner of the server's protocol with ingress validation; per
 * {@code send} operation a typed publisher. Entry point: {@link
 * io.tributary.asyncapi.codegen.operations.OperationSources}.
 */
package io.tributary.asyncapi.codegen.operations;
