package io.tributary.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Faults on the local RabbitMQ broker through its {@code rabbitmqctl} command: connections closed from the
 * broker's side, the broker's application stopped and started. For recovery tests; check
 * {@link #available()} first (with {@code Assumptions.assumeTrue}) since a remote broker cannot be controlled.
 */
public final class RabbitMqCtl {

    private RabbitMqCtl() {}

    /**
     * Tells whether {@code rabbitmqctl} is installed and can talk to the local broker.
     *
     * @return true when it answered {@code list_connections}
     */
    public static boolean available() {
        try {
            return run("list_connections", "pid", "-q").exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes, from the broker's side, every connection whose client-provided name is {@code connectionName}
     * ({@code rabbitmqctl close_connection}: the broker sends {@code connection.close} with 320 CONNECTION_FORCED,
     * as when it shuts down).
     *
     * @param connectionName the connection name the client gave
     * @param reason the reason the broker reports to the client
     * @return how many connections were closed
     * @throws IOException when {@code rabbitmqctl} cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static int closeConnections(String connectionName, String reason) throws IOException,
            InterruptedException {
        Result listed = run("list_connections", "pid", "client_properties", "-q", "--no-table-headers");
        int closed = 0;
        for (String line : listed.output().split("\n")) {
            if (line.contains("{\"connection_name\",\"" + connectionName + "\"}")) {
                String pid = line.substring(0, line.indexOf('\t')).trim();
                if (run("close_connection", pid, reason).exitValue() == 0) {
                    closed++;
                }
            }
        }
        return closed;
    }

    /**
     * Stops the broker's application ({@code rabbitmqctl stop_app}): clients are disconnected and new connections
     * refused until {@link #startApp()}; durable queues keep their persistent messages.
     *
     * @throws IOException when {@code rabbitmqctl} cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     * @throws IllegalStateException when the command failed
     */
    public static void stopApp() throws IOException, InterruptedException {
        runOrThrow("stop_app");
    }

    /**
     * Starts the broker's application again ({@code rabbitmqctl start_app}).
     *
     * @throws IOException when {@code rabbitmqctl} cannot be started
     * @throws InterruptedException when interrupted while waiting for it
     * @throws IllegalStateException when the command failed
     */
    public static void startApp() throws IOException, InterruptedException {
        runOrThrow("start_app");
    }

    private record Result(int exitValue, String output) {}

    private static void runOrThrow(String command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed (exit " + r.exitValue() + "): "
                    + r.output());
        }
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), output);
    }
}
