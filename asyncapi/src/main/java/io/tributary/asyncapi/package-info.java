/**
 * AsyncAPI 3.0 for Tributary: documents from the components a service runs, code from documents,
 * payload validation at ingress. Why it is built this way: docs/decisions/0003-asyncapi.md.
 */
package io.tributary.asyncapi;
