package io.tributary.streams.deadletter;

/** Which step gave up on a message, as a dead letter records it in {@link DeadLetterHeaders#STAGE}. */
public enum DeadLetterStage {
  /** The payload could not be decoded: the decoder threw or returned nothing. */
  DECODE("decode"),
  /** The handler failed on every attempt the retry policy allowed. */
  HANDLER("handler"),
  /** The broker delivered the message more often than the source's max-deliver limit allows. */
  MAX_DELIVER("max-deliver");

  private final String headerValue;

  DeadLetterStage(String headerValue) {
    this.headerValue = headerValue;
  }

  /** @return the stage as the header carries it: {@code decode}, {@code handler} or {@code max-deliver} */
  public String headerValue() {
    return headerValue;
  }
}
