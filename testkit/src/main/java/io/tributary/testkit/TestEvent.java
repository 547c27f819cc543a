package io.tributary.testkit;

import java.nio.charset.StandardCharsets;

/**
 * The JSON payload of the tests' messages, {@code {"id":7,"key":"k2","seq":1}}: a global id, a key, and a sequence
 * number that counts per key, so that a test can check that each key's events arrived once and in order. It is the
 * shape {@code tributary produce} writes; decode it with {@code PayloadDecoder.json(TestEvent.class)}.
 *
 * @param id the event's global id
 * @param key the event's key
 * @param seq the event's position among the events of its key, from 0
 */
public record TestEvent(long id, String key, long seq) {

    /**
     * Returns the JSON of an event.
     *
     * @param id the global id
     * @param key the key
     * @param seq the position within the key
     * @return {@code {"id":<id>,"key":"<key>","seq":<seq>}}
     */
    public static String json(long id, String key, long seq) {
        return "{\"id\":" + id + ",\"key\":\"" + key + "\",\"seq\":" + seq + "}";
    }

    /**
     * Returns the JSON of event {@code id} of a run spread round-robin over {@code keys} keys: key
     * {@code "k" + id % keys}, seq {@code id / keys}.
     *
     * @param id the global id, from 0
     * @param keys how many keys the run uses, at least 1
     * @return the event's JSON
     */
    public static String json(long id, int keys) {
        return json(id, "k" + (id % keys), id / keys);
    }

    /**
     * Returns {@link #json(long, int)} as UTF-8 bytes.
     *
     * @param id the global id, from 0
     * @param keys how many keys the run uses, at least 1
     * @return the event's JSON as bytes
     */
    public static byte[] jsonBytes(long id, int keys) {
        return json(id, keys).getBytes(StandardCharsets.UTF_8);
    }
}
