/**
 * Reads an AsyncAPI 3.0.x / 3.1.x document (YAML or JSON) into the model the generator works on
 * ({@link io.tributary.asyncapi.codegen.model.ApiModel}): references followed, traits merged, the spec's
 * rules on operations and channels checked. Entry point: {@link io.tributary.asyncapi.codegen.read.DocumentReader}.
 */
package io.tributary.asyncapi.codegen.read;
