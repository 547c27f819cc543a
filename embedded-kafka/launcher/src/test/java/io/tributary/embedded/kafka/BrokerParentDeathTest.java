package io.tributary.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A broker's child JVM stops when the JVM that started it is killed with SIGKILL (no hook runs). */
class BrokerParentDeathTest {

    /** The parent: starts a broker, prints its child's pid, then waits until stdin closes. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().startupTimeout(Duration.ofSeconds(90)).build()
                .start();
        System.out.println("child " + broker.process().orElseThrow().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // waits for the test to kill this JVM
        }
    }

    @Test
    void the_broker_stops_when_its_parent_jvm_is_killed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                BrokerParentDeathTest.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long childPid;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
                assertThat(line).as("the parent's output before it printed the broker's pid").isNotNull();
            } while (!line.startsWith("child "));
            childPid = Long.parseLong(line.substring("child ".length()).trim());
            ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
            assertThat(child.isAlive()).isTrue();
        } finally {
            parent.destroyForcibly(); // SIGKILL: the parent's shutdown hook cannot run
            parent.waitFor(30, TimeUnit.SECONDS);
        }
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ProcessHandle.of(childPid).map(h -> !h.isAlive()).orElse(true));
        } finally {
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly); // never leak a broker
        }
    }
}
