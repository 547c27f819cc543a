package io.tributary.asyncapi.codegen.model;

import java.util.List;
import java.util.Optional;

/**
 * A document read for code generation.
 *
 * @param asyncapi the document's AsyncAPI version ({@code 3.0.0}, {@code 3.1.0})
 * @param title {@code info.title}
 * @param version {@code info.version}
 * @param description {@code info.description}
 * @param defaultContentType {@code defaultContentType}, {@code application/json} when absent
 * @param servers the servers, in document order
 * @param channels the channels, in document order
 * @param operations the operations, in document order
 * @param tree the whole document, to resolve schema references ({@link DocumentTree#resolve})
 */
public record ApiModel(String asyncapi, String title, String version, Optional<String> description,
    String defaultContentType, List<ServerModel> servers, List<ChannelModel> channels,
    List<OperationModel> operations, DocumentTree tree) {

  /** Copies the lists. */
  public ApiModel {
    servers = List.copyOf(servers);
    channels = List.copyOf(channels);
    operations = List.copyOf(operations);
  }
}
