package io.tributary.asyncapi;

/**
 * AsyncAPI documents of Tributary services: the entry point of this module.
 */
public final class AsyncApi {

  /** The AsyncAPI version of the documents Tributary writes. */
  public static final String VERSION = "3.0.0";

  private AsyncApi() {}
}
