package io.tributary.actors.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Writes a payload field of a {@code TributarySerializable} message (a value of the message's
 * generic type) with the Pekko serializer bound to the payload's class, as {@code {serializerId,
 * manifest, bytes}}, and reads it back the same way: Jackson cannot know the type of a generic
 * field, Pekko's bindings can. Works inside Pekko serialization only (which tells it the actor
 * system); not part of the public API.
 */
public final class PekkoPayload {

  private PekkoPayload() {}

  private static Serialization serialization() {
    Serialization.Information information;
    try {
      information = Serialization.getCurrentTransportInformation();
    } catch (IllegalStateException e) {
      information = null;
    }
    if (information == null) {
      throw new IllegalStateException("a Tributary message payload is serialized through Pekko serialization"
          + " (SerializationExtension), which tells it the actor system; a bare ObjectMapper cannot");
    }
    return SerializationExtension.get(information.system());
  }

  /** Jackson's writer of a payload. */
  public static final class Writer extends StdSerializer<Object> {
    private static final long serialVersionUID = 1L;

    /** Created by Jackson. */
    public Writer() {
      super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      Serialization serialization = serialization();
      org.apache.pekko.serialization.Serializer serializer = serialization.findSerializerFor(value);
      byte[] bytes = serialization.serialize(value).get();
      gen.writeStartObject();
      gen.writeNumberField("serializerId", serializer.identifier());
      gen.writeStringField("manifest", Serializers.manifestFor(serializer, value));
      gen.writeBinaryField("bytes", bytes);
      gen.writeEndObject();
    }
  }

  /** Jackson's reader of a payload. */
  public static final class Reader extends StdDeserializer<Object> {
    private static final long serialVersionUID = 1L;

    /** Created by Jackson. */
    public Reader() {
      super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode node = parser.readValueAsTree();
      JsonNode id = node.get("serializerId");
      JsonNode manifest = node.get("manifest");
      JsonNode bytes = node.get("bytes");
      if (id == null || manifest == null || bytes == null) {
        throw new IOException("a Tributary payload needs serializerId, manifest and bytes; got " + node);
      }
      return serialization().deserialize(bytes.binaryValue(), id.intValue(), manifest.asText()).get();
    }
  }
}
