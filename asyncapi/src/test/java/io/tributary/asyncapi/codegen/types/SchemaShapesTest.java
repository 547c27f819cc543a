package io.tributary.asyncapi.codegen.types;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.validation.PayloadSchema;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shapes a schema can take: oneOf with a discriminator or by deduction, allOf, nested inline objects,
 * arrays of references, maps, recursion, nullable values and name collisions.
 */
class SchemaShapesTest {

  private static final String PACKAGE = "generated.shapes";

  private static ApiModel model;
  private static PayloadTypes types;
  private static InMemoryCompiler.Compiled compiled;

  @BeforeAll
  static void generate() {
    model = TestModels.resource("/asyncapi/codegen/types-shapes.yaml");
    types = PayloadTypes.generate(model, PACKAGE);
    compiled = InMemoryCompiler.compile(types.sources());
  }

  @Test
  void only_the_types_payloads_use_are_generated_and_names_never_clash() {
    assertThat(types.sources()).extracting(SourceFile::simpleName).containsExactly("Animal", "AnimalBird", "Cat",
        "Circle", "Dog", "Drawing", "Fish", "Item", "Order", "OrderAttributesItem", "OrderCustomer2",
        "OrderCustomer2Address", "OrderLine", "OrderLine2", "Payment", "PaymentCard", "PaymentIban", "Pet", "Shape",
        "Square", "String2", "TreeNode");
    assertThat(payload("collided")).isEqualTo("OrderLine");
    assertThat(payload("otherLine")).isEqualTo("OrderLine2");
    assertThat(payload("text")).isEqualTo("String2");
    assertThat(components("Item")).containsExactly("String sku", "Optional<Long> hashCode_",
        "Optional<String> sku2", "Optional<String> sku3");
  }

  @Test
  void a_oneOf_with_a_discriminator_is_a_sealed_interface_of_records() throws Exception {
    Class<?> shape = compiled.load(PACKAGE + ".Shape");
    assertThat(shape.isSealed()).isTrue();
    assertThat(shape.getPermittedSubclasses()).extracting(Class::getSimpleName).containsExactly("Circle", "Square");
    assertThat(components("Circle")).containsExactly("double radius");
    assertThat(components("Drawing")).containsExactly("List<Shape> shapes", "Optional<Shape> main");

    Object drawing = roundTrip("drawn", "Drawing", "{\"shapes\":[{\"kind\":\"circle\",\"radius\":1.5},"
        + "{\"kind\":\"square\",\"side\":2.0}],\"main\":{\"kind\":\"square\",\"side\":3.0}}");
    List<?> shapes = (List<?>) call(drawing, "shapes");
    assertThat(shapes).extracting(s -> s.getClass().getSimpleName()).containsExactly("Circle", "Square");
  }

  @Test
  void discriminator_values_come_from_consts_the_mapping_or_component_names() throws Exception {
    assertThat(components("Cat")).containsExactly("String name", "int lives");
    assertThat(components("Dog")).containsExactly("String name", "boolean goodBoy");
    assertThat(roundTrip("petAdopted", "Pet", "{\"petType\":\"dog\",\"name\":\"Rex\",\"goodBoy\":true}")
        .getClass().getSimpleName()).isEqualTo("Dog");
    assertThat(roundTrip("petAdopted", "Pet", "{\"petType\":\"cat\",\"name\":\"Tom\",\"lives\":9}")
        .getClass().getSimpleName()).isEqualTo("Cat");
    assertThat(roundTrip("animal", "Animal", "{\"species\":\"Fish\",\"fins\":3}").getClass().getSimpleName())
        .isEqualTo("Fish");
    assertThat(roundTrip("animal", "Animal", "{\"species\":\"bird\",\"wings\":2}").getClass().getSimpleName())
        .isEqualTo("AnimalBird");
  }

  @Test
  void a_oneOf_without_discriminator_is_told_apart_by_its_required_properties() throws Exception {
    assertThat(source("Payment")).contains("@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)");
    assertThat(roundTrip("paid", "Payment", "{\"amount\":10.5,\"cardNumber\":\"4111\"}").getClass().getSimpleName())
        .isEqualTo("PaymentCard");
    assertThat(roundTrip("paid", "Payment", "{\"amount\":1.0,\"iban\":\"CH93\"}").getClass().getSimpleName())
        .isEqualTo("PaymentIban");
  }

  @Test
  void allOf_merges_into_one_record_with_nested_inline_objects_maps_and_nullable_values() throws Exception {
    assertThat(components("Order")).containsExactly("String id", "Optional<OffsetDateTime> createdAt",
        "List<OrderLine> lines", "Optional<OrderCustomer2> customer", "Optional<String> note",
        "Optional<Map<String, String>> tags", "Optional<JsonNode> extra", "Optional<Order> previous",
        "Optional<List<OrderAttributesItem>> attributes");
    assertThat(components("OrderCustomer2")).containsExactly("String name", "Optional<OrderCustomer2Address> address");
    assertThat(source("Order")).contains("An order, its base merged in.");
    Object order = roundTrip("ordered", "Order", "{\"id\":\"o2\",\"createdAt\":\"2026-12-07T10:00:00+01:00\","
        + "\"lines\":[{\"sku\":\"a\",\"quantity\":1}],"
        + "\"customer\":{\"name\":\"Ann\",\"address\":{\"street\":\"Main\"}},"
        + "\"tags\":{\"a\":\"b\"},\"extra\":{\"any\":[1,\"x\"]},\"attributes\":[{\"key\":\"k\"}],"
        + "\"previous\":{\"id\":\"o1\",\"lines\":[]}}");
    assertThat(call(order, "note")).isEqualTo(Optional.empty());
    JsonNode schema = StreetlightsPayloadTypesTest.json(types.typeOf(TestModels.message(model, "ordered"))
        .validationSchemaJson());
    assertThat(schema.path("components").path("schemas").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("Order", "Base", "order-line");
  }

  @Test
  void arrays_maps_and_recursive_records() throws Exception {
    PayloadType batch = types.typeOf(TestModels.message(model, "batch"));
    assertThat(batch.javaType()).isEqualTo("java.util.List<Item>");
    assertThat(batch.className()).isEmpty();
    assertThat(types.typeOf(TestModels.message(model, "counted")).javaType())
        .isEqualTo("java.util.Map<String, Long>");
    assertThat(components("TreeNode")).containsExactly("String name", "List<TreeNode> children",
        "Optional<TreeNode> parent");
    Object tree = roundTrip("treeChanged", "TreeNode", "{\"name\":\"root\",\"children\":[{\"name\":\"leaf\","
        + "\"children\":[]}],\"parent\":{\"name\":\"up\",\"children\":[]}}");
    assertThat(((List<?>) call(tree, "children")).get(0).getClass().getSimpleName()).isEqualTo("TreeNode");
  }

  /** Decodes with the validating decoder, then checks that encoding gives the same JSON. */
  private static Object roundTrip(String message, String type, String json) throws Exception {
    PayloadType payload = types.typeOf(TestModels.message(model, message));
    ValidatingDecoder<?> decoder = ValidatingDecoder.of(PayloadSchema.parse(payload.validationSchemaJson(), message),
        compiled.load(PACKAGE + "." + type));
    Object value = compiled.withContextLoader(() -> decoder.decode(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(StreetlightsPayloadTypesTest.json(StreetlightsPayloadTypesTest.MAPPER.writeValueAsString(value)))
        .as(json).isEqualTo(StreetlightsPayloadTypesTest.json(json));
    return value;
  }

  private static Object call(Object target, String accessor) throws Exception {
    Method method = target.getClass().getMethod(accessor);
    return method.invoke(target);
  }

  private static String payload(String message) {
    return types.typeOf(TestModels.message(model, message)).javaType();
  }

  private static String source(String name) {
    return types.sources().stream().filter(f -> f.simpleName().equals(name)).findFirst().orElseThrow().text();
  }

  /** @return "Type name" of each record component, packages left out */
  static List<String> components(String record) {
    RecordComponent[] components = compiled.load(PACKAGE + "." + record).getRecordComponents();
    return Arrays.stream(components).map(c -> (c.getGenericType().getTypeName() + " " + c.getName())
        .replaceAll("\\b[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*\\.(?=[A-Z])", "")).toList();
  }
}
