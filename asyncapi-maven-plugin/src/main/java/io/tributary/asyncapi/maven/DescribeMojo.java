package io.tributary.asyncapi.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Goal {@code describe}: writes the AsyncAPI document of what a service runs, at build time, to {@code
 * target/asyncapi.yaml}, so that a test can compare it with a checked-in document and a change of a
 * payload record shows up in review.
 *
 * <p>The document comes from a <em>describer</em>: a public class of the project with a public
 * no-argument constructor that implements {@code java.util.function.Supplier<AsyncApiDocument>}. The
 * goal loads it from the project's runtime classpath (its compiled classes and runtime dependencies, in a
 * class loader of their own), calls {@code get()} and writes the result. A describer must not need
 * brokers or a running actor system: components describe themselves without running ({@code
 * KafkaRunner.describe(settings)}, {@code KafkaSink.describe(...)}, {@code HubTopics.describe(host, ...)}):
 *
 * <pre>{@code
 * public final class OrderServiceApi implements Supplier<AsyncApiDocument> {
 *   public AsyncApiDocument get() {
 *     return AsyncApi.document("order-service", "1.0.0",
 *         () -> KafkaRunner.describe(intakeSettings()),
 *         HubTopics.describe("order-service", "orders", Order.class, Action.SEND, Action.RECEIVE));
 *   }
 * }
 * }</pre>
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.tributary</groupId>
 *   <artifactId>tributary-asyncapi-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>describe</goal></goals>
 *       <configuration>
 *         <describer>com.example.orders.OrderServiceApi</describer>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>It runs at {@code process-classes}, after compiling and before the tests.
 */
@Mojo(name = "describe", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class DescribeMojo extends AbstractMojo {

  /**
   * The describer's class name: a public class of the project, with a public no-argument constructor,
   * implementing {@code java.util.function.Supplier<io.tributary.asyncapi.AsyncApiDocument>}.
   */
  @Parameter(property = "tributary.asyncapi.describer", required = true)
  String describer;

  /** The document's file: JSON when its name ends with {@code .json}, YAML otherwise. */
  @Parameter(property = "tributary.asyncapi.describe.output", defaultValue = "${project.build.directory}/asyncapi.yaml",
      required = true)
  File output;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** Creates the goal; Maven sets its parameters. */
  public DescribeMojo() {}

  /**
   * Runs the describer and writes its document to {@link #output}.
   *
   * @throws MojoFailureException when the describer cannot be loaded, is not a describer, or fails
   * @throws MojoExecutionException when the project's runtime classpath is not resolved
   */
  @Override
  public void execute() throws MojoFailureException, MojoExecutionException {
    List<Path> classpath;
    try {
      classpath = project.getRuntimeClasspathElements().stream().map(Path::of).toList();
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("asyncapi describe: the runtime classpath is not resolved: " + e.getMessage(),
          e);
    }
    try {
      DescriberRun.write(classpath, describer, output.toPath());
    } catch (DescriberException e) {
      throw new MojoFailureException("asyncapi describe: " + e.getMessage(), e);
    }
    getLog().info("asyncapi describe: wrote " + output + " (describer " + describer + ")");
  }
}
