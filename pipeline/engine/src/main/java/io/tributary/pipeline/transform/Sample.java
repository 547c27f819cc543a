package io.tributary.pipeline.transform;

import io.tributary.pipeline.component.EventTransform;
import io.tributary.pipeline.component.EventTransformFlow;
import io.tributary.pipeline.component.Routed;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.ConfigErrors;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Transform {@code sample}: keeps 1 event in {@code rate} — the 1st, the {@code rate+1}-th, and so
 * on — and drops the others (dropped events are done). With {@code key_field}, keeps instead every
 * event whose field value hashes into 1 bucket of {@code rate}, so all events of a kept key pass.
 */
public final class Sample implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "sample";

  private final ComponentRef ref;
  private final long rate;
  private final String keyField;

  /**
   * @param ref the component, for messages
   * @param rate keep 1 in this many, at least 1
   * @param keyField sample by this field's value instead of by count, or null
   */
  public Sample(ComponentRef ref, long rate, String keyField) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be >= 1, was " + rate);
    }
    this.ref = ref;
    this.rate = rate;
    this.keyField = keyField;
  }

  /** Reads the options: rate, key_field. */
  public static Sample create(Options options) {
    if (!options.has("rate")) {
      options.error("rate", "missing (required for type 'sample'): keep 1 event in rate");
      return null;
    }
    long rate = options.longValue("rate", -1, 1);
    String keyField = options.string("key_field", null);
    return rate < 1 ? null : new Sample(options.ref(), rate, keyField);
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (keyField != null && !input.mayHave(keyField)) {
      errors.add(ref.path("key_field"), input.unknownField(keyField));
    }
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    return input;
  }

  /** @return the per-event logic with a fresh counter */
  public EventTransform newInstance() {
    long[] seen = {0};
    return event -> {
      boolean keep;
      if (keyField == null) {
        keep = seen[0]++ % rate == 0;
      } else {
        keep = Math.floorMod(Event.text(event.get(keyField)).hashCode(), rate) == 0;
      }
      return keep ? List.of(Routed.of(event)) : List.of();
    };
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    return EventTransformFlow.of(newInstance(), context);
  }
}
