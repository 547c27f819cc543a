package io.tributary.asyncapi.codegen.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaNamesTest {

  @Test
  void typeNames() {
    assertEquals("LightMeasuredPayload", JavaNames.typeName("light-measured payload"));
    assertEquals("LightMeasuredPayload", JavaNames.typeName("lightMeasuredPayload"));
    assertEquals("SentAt", JavaNames.typeName("sent_at"));
    assertEquals("HTTPServer", JavaNames.typeName("HTTPServer"));
    assertEquals("_2x", JavaNames.typeName("2x"));
    assertEquals("Type", JavaNames.typeName("---"));
  }

  @Test
  void memberNames() {
    assertEquals("sentAt", JavaNames.memberName("sent_at"));
    assertEquals("lumens", JavaNames.memberName("lumens"));
    assertEquals("class_", JavaNames.memberName("class"));
    assertEquals("myAppHeader", JavaNames.memberName("my-app-header"));
    assertEquals("id", JavaNames.memberName("ID"));
    assertEquals("value", JavaNames.memberName(""));
    assertEquals("hashCode_", JavaNames.memberName("hashCode"));
    assertEquals("toString_", JavaNames.memberName("to_string"));
  }

  @Test
  void constantNames() {
    assertEquals("ON", JavaNames.constantName("on"));
    assertEquals("SENT_AT", JavaNames.constantName("sentAt"));
    assertEquals("_2X", JavaNames.constantName("2x"));
    assertEquals("EXPRESS_DELIVERY", JavaNames.constantName("express delivery"));
  }

  @Test
  void packageNames() {
    assertTrue(JavaNames.isPackageName("generated.streetlights"));
    assertFalse(JavaNames.isPackageName("generated.class"));
    assertFalse(JavaNames.isPackageName("generated..x"));
    assertFalse(JavaNames.isPackageName("1abc"));
  }
}
