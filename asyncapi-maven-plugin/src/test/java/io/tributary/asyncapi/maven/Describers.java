package io.tributary.asyncapi.maven;

import io.tributary.asyncapi.AsyncApi;
import io.tributary.asyncapi.AsyncApiDocument;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.ServerDescription;
import java.util.function.Supplier;

/** Describers, good and bad, that {@link DescriberRunTest} loads as a project's classes. */
final class Describers {

  private Describers() {}

  /** A proper describer; the document's version names the loader its class came from. */
  public static final class Orders implements Supplier<AsyncApiDocument> {

    /** The describer's constructor, as the goal calls it. */
    public Orders() {}

    @Override
    public AsyncApiDocument get() {
      ServerDescription kafka = new ServerDescription(ServerDescription.KAFKA, "127.0.0.1:9092");
      return AsyncApi.document("orders", "1.0.0", "loaded by " + getClass().getClassLoader().getName(),
          java.util.List.of(Describable.of(
              ChannelDescription.receive(kafka, "orders", MessageDescription.ofType(String.class)))));
    }
  }

  /** Not a Supplier. */
  public static final class NotASupplier {

    /** A public constructor. */
    public NotASupplier() {}
  }

  /** A Supplier without a no-argument constructor. */
  public static final class NeedsArguments implements Supplier<AsyncApiDocument> {

    /** A constructor the goal cannot call. */
    public NeedsArguments(String title) {
      // unused
    }

    @Override
    public AsyncApiDocument get() {
      return AsyncApi.document("never", "1.0.0");
    }
  }

  /** A describer that needs what the build does not have. */
  public static final class Throws implements Supplier<AsyncApiDocument> {

    /** The describer's constructor. */
    public Throws() {}

    @Override
    public AsyncApiDocument get() {
      throw new IllegalStateException("no broker at 127.0.0.1:9092");
    }
  }

  /** A Supplier of something else. */
  public static final class WrongType implements Supplier<String> {

    /** The describer's constructor. */
    public WrongType() {}

    @Override
    public String get() {
      return "asyncapi: 3.0.0";
    }
  }
}
