package io.tributary.connectors.nats;

/** The payload of the tests' messages: {"id":..,"key":"k..","seq":..}, seq counting per key. */
record TestEvent(long id, String key, long seq) {

  static String json(long id, String key, long seq) {
    return "{\"id\":" + id + ",\"key\":\"" + key + "\",\"seq\":" + seq + "}";
  }
}
