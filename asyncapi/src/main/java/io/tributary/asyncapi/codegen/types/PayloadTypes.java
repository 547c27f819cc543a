package io.tributary.asyncapi.codegen.types;

import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import io.tributary.asyncapi.codegen.types.PayloadType.Encoding;
import io.tributary.asyncapi.codegen.types.TypeDecl.RecordDecl;
import io.tributary.asyncapi.codegen.types.TypeDecl.SealedDecl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Java types of a document's message payloads, and their sources: a record per object schema
 * (named after its component schema, else after the message or the enclosing record and property),
 * enums for string enums, sealed interfaces for {@code oneOf}/{@code anyOf} of objects, Jackson
 * annotations where JSON and Java names differ. A schema used by several messages gives one type.
 *
 * <pre>{@code
 * PayloadTypes types = PayloadTypes.generate(model, "generated.streetlights");
 * PayloadType payload = types.typeOf(message);   // e.g. LightMeasuredPayload, JSON
 * types.sources();                               // LightMeasuredPayload.java, Command.java...
 * }</pre>
 *
 * <p>The generated records read and write payloads with a Jackson mapper that registers the jdk8 and
 * java.time modules (as {@code ValidatingDecoder}'s does). Immutable once generated.
 */
public final class PayloadTypes {

  private final String packageName;
  private final Map<String, PayloadType> byMessage;
  private final List<SourceFile> sources;

  private PayloadTypes(String packageName, Map<String, PayloadType> byMessage, List<SourceFile> sources) {
    this.packageName = packageName;
    this.byMessage = byMessage;
    this.sources = List.copyOf(sources);
  }

  /**
   * Generates the types of every message of a document: the messages of its channels, operations and
   * replies.
   *
   * @param model the document
   * @param packageName the package of the generated types
   * @return the types
   * @throws GenerationException when a payload has no Java type (an unsupported content type or schema
   *     construct), naming its JSON pointer
   * @throws IllegalArgumentException when {@code packageName} is not a Java package name
   */
  public static PayloadTypes generate(ApiModel model, String packageName) {
    return generate(model, packageName, Set.of());
  }

  /**
   * As {@link #generate(ApiModel, String)}, keeping names free for other generated types.
   *
   * @param model the document
   * @param packageName the package of the generated types
   * @param reservedNames simple names the payload types must not take (e.g. the handler and publisher
   *     types generated beside them); a payload type that wants one gets a numeric suffix
   * @return the types
   * @throws GenerationException when a payload has no Java type, naming its JSON pointer
   * @throws IllegalArgumentException when {@code packageName} is not a Java package name
   */
  public static PayloadTypes generate(ApiModel model, String packageName, Set<String> reservedNames) {
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
    }
    SchemaMapper mapper = new SchemaMapper(model.tree(), packageName, new TypeNames(model.tree().root(),
        reservedNames));
    Map<String, PayloadType> byMessage = new LinkedHashMap<>();
    List<JavaType> roots = new ArrayList<>();
    for (MessageModel message : messages(model)) {
      String key = Pointers.normalize(message.pointer());
      if (byMessage.containsKey(key)) {
        continue;
      }
      Encoding encoding = encoding(message);
      Optional<SchemaModel> payload = message.payload();
      if (encoding != Encoding.JSON) {
        String type = encoding == Encoding.TEXT ? "String" : "byte[]";
        byMessage.put(key, new PayloadType(type, Optional.of(type), encoding, "{}"));
      } else if (payload.isEmpty()) {
        byMessage.put(key, new PayloadType(JavaType.JSON_NODE.expression(packageName),
            Optional.of(JavaType.JSON_NODE.expression(packageName)), Encoding.JSON, "{}"));
      } else {
        JavaType type = mapper.map(payload.get().schema(), payload.get().pointer(), message.name() + "Payload")
            .type().boxed();
        roots.add(type);
        String expression = type.expression(packageName);
        byMessage.put(key, new PayloadType(expression,
            type instanceof JavaType.Generic ? Optional.empty() : Optional.of(expression), Encoding.JSON,
            ValidationSchemas.of(model.tree(), payload.get())));
      }
    }
    Map<String, TypeDecl> declared = reachable(mapper.declarations(), roots, packageName);
    TypeSources writer = new TypeSources(packageName, declared.keySet());
    List<SourceFile> sources = new ArrayList<>();
    new TreeSet<>(declared.keySet()).forEach(name -> sources.add(writer.write(declared.get(name))));
    return new PayloadTypes(packageName, byMessage, sources);
  }

  /**
   * @param message a message of the model given to {@link #generate}
   * @return the type of its payload
   * @throws IllegalArgumentException when the message was not in that model
   */
  public PayloadType typeOf(MessageModel message) {
    PayloadType type = byMessage.get(Pointers.normalize(message.pointer()));
    if (type == null) {
      throw new IllegalArgumentException("the message " + message.pointer() + " was not in the document the types "
          + "were generated from");
    }
    return type;
  }

  /** @return the generated source files, one per type, sorted by name */
  public List<SourceFile> sources() {
    return sources;
  }

  /** @return the package of the generated types */
  public String packageName() {
    return packageName;
  }

  private static List<MessageModel> messages(ApiModel model) {
    List<MessageModel> messages = new ArrayList<>();
    for (ChannelModel channel : model.channels()) {
      messages.addAll(channel.messages());
    }
    for (OperationModel operation : model.operations()) {
      messages.addAll(operation.messages());
      operation.reply().ifPresent(reply -> {
        messages.addAll(reply.messages());
        reply.channel().ifPresent(c -> messages.addAll(c.messages()));
      });
    }
    return messages;
  }

  /** JSON for {@code application/json}, {@code *}{@code /*+json} and none; text; bytes; anything else is refused. */
  private static Encoding encoding(MessageModel message) {
    String contentType = message.contentType() == null ? "" : message.contentType();
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (media.isEmpty() || media.equals("application/json") || media.endsWith("+json")) {
      return Encoding.JSON;
    }
    if (media.equals("text/plain")) {
      return Encoding.TEXT;
    }
    if (media.equals("application/octet-stream")) {
      return Encoding.BYTES;
    }
    throw new GenerationException(message.pointer() + "/contentType", "content type '" + contentType + "' is not "
        + "supported: payload types are generated for JSON (application/json, */*+json), text/plain (String) "
        + "and application/octet-stream (byte[])");
  }

  /** @return the declared types the payloads use, directly or through others */
  private static Map<String, TypeDecl> reachable(Map<String, TypeDecl> declared, List<JavaType> roots,
      String packageName) {
    Map<String, TypeDecl> reached = new LinkedHashMap<>();
    Deque<JavaType> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      JavaType type = todo.pop();
      if (type instanceof JavaType.Generic generic) {
        todo.addAll(generic.arguments());
      } else if (type instanceof JavaType.Named named && named.qualifiedName().startsWith(packageName + ".")) {
        String name = named.qualifiedName().substring(packageName.length() + 1);
        TypeDecl decl = declared.get(name);
        if (decl != null && reached.put(name, decl) == null) {
          if (decl instanceof RecordDecl record) {
            record.written().forEach(c -> todo.push(c.type()));
            record.interfaces().forEach(i -> todo.push(new JavaType.Named(packageName + "." + i)));
          } else if (decl instanceof SealedDecl sealed) {
            sealed.alternatives().keySet().forEach(a -> todo.push(new JavaType.Named(packageName + "." + a)));
          }
        }
      }
    }
    return reached;
  }
}
