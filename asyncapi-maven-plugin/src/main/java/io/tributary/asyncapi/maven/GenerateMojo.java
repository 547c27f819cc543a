package io.tributary.asyncapi.maven;

import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.GeneratedSources;
import io.tributary.asyncapi.codegen.GenerationException;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Goal {@code generate}: Java sources from an AsyncAPI 3.0 or 3.1 document, into {@code
 * target/generated-sources/asyncapi}, which joins the compile source roots (as {@code
 * openapi-generator-maven-plugin} does for OpenAPI). What is generated: a record per message payload,
 * per {@code receive} operation a handler interface and a runner factory with ingress validation, per
 * {@code send} operation a typed publisher ({@link AsyncApiGenerator}).
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>io.tributary</groupId>
 *   <artifactId>tributary-asyncapi-maven-plugin</artifactId>
 *   <version>...</version>
 *   <executions>
 *     <execution>
 *       <goals><goal>generate</goal></goals>
 *       <configuration>
 *         <inputSpec>${project.basedir}/src/main/asyncapi/orders.yaml</inputSpec>
 *         <packageName>com.example.orders.api</packageName>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * <p>The sources are generated again only when the document, the package or the generator changed
 * since the last run (a stamp file in the output directory records them); files a previous run
 * generated and this one does not are deleted. A document the generator refuses fails the build with
 * the JSON pointer of the offending place and the problem, e.g. {@code orders.yaml:
 * #/components/schemas/Shape/oneOf: alternatives without a discriminator are not supported}.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  /** The AsyncAPI document (YAML, or JSON when its name ends with {@code .json}). */
  @Parameter(property = "tributary.asyncapi.inputSpec", required = true)
  File inputSpec;

  /**
   * The package of the generated code; by default {@code generated.} and the document's title in lower
   * case, letters and digits only ({@code AsyncApiGenerator.defaultPackage(title)}).
   */
  @Parameter(property = "tributary.asyncapi.packageName")
  String packageName;

  /** The source root the code is written to; it is added to the project's compile source roots. */
  @Parameter(property = "tributary.asyncapi.output",
      defaultValue = "${project.build.directory}/generated-sources/asyncapi", required = true)
  File output;

  /** Skips the goal: nothing is generated and no source root added. */
  @Parameter(property = "tributary.asyncapi.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** Creates the goal; Maven sets its parameters. */
  public GenerateMojo() {}

  /**
   * Generates the sources (unless skipped or up to date) and adds {@link #output} as a compile source root.
   *
   * @throws MojoFailureException when the document is missing or the generator refuses it
   * @throws MojoExecutionException when a file cannot be read or written
   */
  @Override
  public void execute() throws MojoFailureException, MojoExecutionException {
    if (skip) {
      getLog().info("asyncapi generate: skipped (tributary.asyncapi.skip)");
      return;
    }
    if (inputSpec == null || !inputSpec.isFile()) {
      throw new MojoFailureException("asyncapi generate: the document " + inputSpec
          + " does not exist; set <inputSpec> to the AsyncAPI document to generate from");
    }
    Path document = inputSpec.toPath();
    Path root = output.toPath();
    String requestedPackage = packageName == null || packageName.isBlank() ? null : packageName.strip();
    try {
      GenerationStamp wanted = GenerationStamp.of(document, requestedPackage, generatorVersion());
      GenerationStamp previous = GenerationStamp.read(root);
      if (wanted.sameInputs(previous)) {
        getLog().info("asyncapi generate: " + root + " is up to date with " + document);
      } else {
        GeneratedSources sources = AsyncApiGenerator.generate(document, requestedPackage);
        previous.deleteFilesNotIn(root, sources.files().keySet());
        sources.writeTo(root);
        wanted.withFiles(sources.files().keySet()).write(root);
        getLog().info("asyncapi generate: wrote " + sources.files().size() + " files to " + root
            + " (package " + sources.packageName() + ")");
      }
    } catch (GenerationException e) {
      // the pointer and the problem say it all: no stack trace
      throw new MojoFailureException(document + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new MojoExecutionException("asyncapi generate: " + e.getMessage(), e);
    }
    project.addCompileSourceRoot(root.toAbsolutePath().toString());
  }

  /** Where the generator was loaded from and when it was built: a changed generator generates again. */
  static String generatorVersion() {
    var source = AsyncApiGenerator.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return "unknown";
    }
    File location = new File(source.getLocation().getPath());
    return location + "@" + location.lastModified();
  }
}
