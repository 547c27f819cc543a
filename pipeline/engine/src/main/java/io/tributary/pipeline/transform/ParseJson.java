package io.tributary.pipeline.transform;

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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transform {@code parse_json}: parses the JSON text in a field ({@code message} by default) and
 * merges the resulting object's fields into the event (or puts the parsed value under {@code
 * target}). An event whose field is missing or not valid JSON is never dropped silently: it goes to
 * the output {@code <name>._errors} with an {@code error} field saying why, for a sink (a
 * dead-letter topic, a file) to keep. When no component reads {@code <name>._errors}, such events
 * are logged (WARN, the first 10 and then every 1000th), counted in the stop report, and
 * acknowledged.
 */
public final class ParseJson implements TransformDefinition {

  /** The type name in configs. */
  public static final String TYPE = "parse_json";
  /** The output of events that could not be parsed. */
  public static final String ERRORS = "_errors";

  private static final Logger log = LoggerFactory.getLogger(ParseJson.class);

  private final ComponentRef ref;
  private final String field;
  private final String target;
  private final boolean dropField;
  private final AtomicLong unrouted = new AtomicLong();

  /**
   * @param ref the component, for messages
   * @param field the field holding JSON text
   * @param target where the parsed value goes, or null to merge an object into the event
   * @param dropField whether to remove {@code field} after a successful parse
   */
  public ParseJson(ComponentRef ref, String field, String target, boolean dropField) {
    this.ref = ref;
    this.field = field;
    this.target = target;
    this.dropField = dropField;
  }

  /** Reads the options: field, target, drop_field. */
  public static ParseJson create(Options options) {
    return new ParseJson(options.ref(), options.string("field", "message"), options.string("target", null),
        options.bool("drop_field", false));
  }

  @Override
  public List<String> namedOutputs() {
    return List.of(ERRORS);
  }

  @Override
  public void validate(FieldSet input, ConfigErrors errors) {
    if (!input.mayHave(field)) {
      errors.add(ref.path("field"), input.unknownField(field));
    }
  }

  @Override
  public FieldSet outputFields(String output, FieldSet input) {
    if (ERRORS.equals(output)) {
      return input.plus("error");
    }
    FieldSet base = dropField ? input.minus(field) : input;
    if (target != null) {
      return base.plus(target);
    }
    return input.jsonIn(field).map(base::union).orElse(FieldSet.open());
  }

  /** Parses one event: the parsed event on the default output, or the event with {@code error} on {@code _errors}. */
  public List<Routed> apply(Event event) {
    Object raw = event.get(field);
    if (!(raw instanceof String text)) {
      String why = raw != null ? "is " + Event.describe(raw) + ", not JSON text"
          : event.has(field) ? "is null" : "is missing";
      return failed(event, "field '" + field + "' " + why);
    }
    Object parsed;
    try {
      parsed = Event.parseJson(text);
    } catch (IllegalArgumentException e) {
      return failed(event, e.getMessage());
    }
    Event base = dropField ? event.without(field) : event;
    if (target != null) {
      return List.of(Routed.of(base.with(target, parsed)));
    }
    if (!(parsed instanceof Map<?, ?> object)) {
      return failed(event, "expected a JSON object, got " + Event.describe(parsed)
          + " (set target to keep other JSON values)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) object;
    return List.of(Routed.of(base.withAll(fields)));
  }

  private static List<Routed> failed(Event event, String problem) {
    return List.of(Routed.to(ERRORS, event.with("error", "parse_json: " + problem)));
  }

  @Override
  public Flow<Delivery, Delivery, NotUsed> flow(RunContext context) {
    return EventTransformFlow.of(this::apply, context);
  }

  @Override
  public void unconsumed(String output, Delivery delivery) {
    if (!ERRORS.equals(output)) {
      return;
    }
    long n = unrouted.incrementAndGet();
    if (n <= 10 || n % 1000 == 0) {
      log.warn("{}: could not parse an event ({} so far; route {}.{} to a sink to keep them): {}", ref.path(), n,
          ref.name(), ERRORS, delivery.event().toJson());
    }
  }

  @Override
  public String report() {
    long n = unrouted.get();
    return n == 0 ? "" : "unparsed_not_routed=" + n;
  }
}
