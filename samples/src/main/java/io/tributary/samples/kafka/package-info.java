/**
 * Kafka commands of the {@code tributary} command line: {@code broker} runs the embedded Kafka broker in the
 * foreground, {@code produce} writes numbered, keyed sample records to a topic. Both talk to a real broker over a
 * real connection; logs go to stderr, stdout carries only each command's result lines.
 */
package io.tributary.samples.kafka;
