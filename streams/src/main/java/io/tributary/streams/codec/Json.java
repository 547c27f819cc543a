package io.tributary.streams.codec;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The shared Jackson mapper of the codecs (thread-safe once configured; never reconfigured). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
