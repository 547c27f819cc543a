/**
 * The Maven plugin {@code tributary-asyncapi-maven-plugin}: goal {@code describe} writes the AsyncAPI
 * document of what a service runs at build time ({@link io.tributary.asyncapi.maven.DescribeMojo}), goal
 * {@code generate} turns a document into Java sources, the way {@code openapi-generator-maven-plugin}
 * does for OpenAPI ({@link io.tributary.asyncapi.maven.GenerateMojo}). See docs/asyncapi.md.
 */
package io.tributary.asyncapi.maven;
