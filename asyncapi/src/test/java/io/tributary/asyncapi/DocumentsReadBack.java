package io.tributary.asyncapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.asyncapi.v3._0_0.model.AsyncAPI;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reads documents back with asyncapi-core, strictly (an unknown field is an error). */
public final class DocumentsReadBack {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private DocumentsReadBack() {}

  /**
   * Parses {@code yaml} into asyncapi-core's 3.0.0 model and checks its version.
   *
   * @param yaml the document
   * @return the model
   * @throws Exception when the document does not parse
   */
  public static AsyncAPI read(String yaml) throws Exception {
    AsyncAPI model = YAML.readValue(yaml, AsyncAPI.class);
    assertThat(model.getAsyncapi()).isEqualTo("3.0.0");
    return model;
  }
}
