package io.tributary.embedded.kafka;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (version 3.9.2, KRaft mode, one node that is both broker and controller) running in a
 * child JVM on {@code 127.0.0.1}, for development, demos and tests.
 *
 * <p>The broker runs in its own JVM so that its Scala, netty and ZooKeeper jars never meet Pekko's. Its classpath
 * comes from the resource {@code io/tributary/kafka-broker.classpath} written by the module
 * {@code tributary-kafka-broker-classpath} (or from {@link Builder#brokerClasspath(String)} or the system property
 * {@code tributary.kafka.broker.classpath}). Starting formats a data directory with Kafka's {@code StorageTool},
 * launches {@code kafka.Kafka}, and waits until a probe topic can be created. The broker writes its own log to
 * {@link #logFile()} in the data directory, not to this JVM's output.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
 *     kafka.createTopic("orders", 4);
 *     String bootstrapServers = kafka.bootstrapServers(); // "127.0.0.1:<port>"
 *     // ... produce and consume
 * }
 * }</pre>
 *
 * <p>The client listener ({@link #bootstrapServers()}) is PLAINTEXT unless the builder secures it:
 * {@link Builder#saslSsl(String, String)} (TLS and SASL with SCRAM-SHA-512 or PLAIN) or {@link Builder#mutualTls()}
 * (TLS with a required client certificate), with a throwaway CA and certificates made at start by the JDK's
 * {@code keytool} ({@link ThrowawayCertificates}) and a client config in {@link #clientConfigFile()}. A secured
 * broker keeps a PLAINTEXT listener on another 127.0.0.1 port for inter-broker traffic and its own admin client.
 *
 * <p>A broker starts once; {@link #close()} stops it (SIGTERM, then a forcible kill after
 * {@link Builder#shutdownTimeout(Duration)}) and deletes the data directory if it was a temporary one. A JVM shutdown
 * hook stops the child too, so no broker outlives a parent JVM that exits normally or on SIGTERM; a parent killed
 * with SIGKILL cannot run the hook, so the child also watches its parent process and stops when it is gone. The
 * methods are thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** The JVM options of the broker's child JVM unless {@link Builder#jvmOptions(List)} replaces them. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx512m",
            "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final List<String> FORMAT_JVM_OPTIONS =
            List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HOOK_STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;
    private static final int PORT_ATTEMPTS = 3;
    private static final String ADDRESS_IN_USE = "Address already in use";

    private enum State { NEW, STARTING, RUNNING, CLOSED }

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path requestedDataDir;
    private final Duration startupTimeout;
    private final Duration shutdownTimeout;
    private final boolean autoCreateTopics;
    private final Map<String, String> extraProperties;
    private final List<String> jvmOptions;
    private final String explicitClasspath;
    private final BrokerSecurity security;
    private final String user;
    private final String password;
    private final Path requestedTlsDir;

    private volatile State state = State.NEW; // changed only while holding this
    private volatile int port = -1;
    private volatile int controllerPort = -1;
    private volatile int internalPort = -1;
    private volatile ThrowawayCertificates certificates;
    private volatile Map<String, String> clientProperties = Map.of();
    private volatile Path clientConfigFile;
    private volatile Path dataDir;
    private volatile boolean ownsDataDir;
    private volatile Process process;
    private volatile Admin admin;
    private volatile Thread shutdownHook;

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.requestedDataDir = builder.dataDir;
        this.startupTimeout = builder.startupTimeout;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.autoCreateTopics = builder.autoCreateTopics;
        this.extraProperties = Map.copyOf(builder.brokerProperties);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.explicitClasspath = builder.brokerClasspath;
        this.security = builder.security;
        this.user = builder.user;
        this.password = builder.password;
        this.requestedTlsDir = builder.tlsDir;
    }

    /**
     * Returns a builder with defaults: free ports, a temporary data directory, a 60 s startup timeout, a 15 s
     * shutdown timeout, automatic topic creation off (see {@link Builder#autoCreateTopics(boolean)}).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and returns once it is ready, that is once a topic can be created on it.
     *
     * <p>Formats the data directory unless it holds a broker's data already (so a given
     * {@link Builder#dataDir(Path)} keeps its topics and records across restarts), launches the broker's child JVM and waits, at most
     * {@link Builder#startupTimeout(Duration)} in all. On failure everything started so far is stopped again.
     *
     * @return this broker, started
     * @throws EmbeddedKafkaException when the broker cannot be started or does not become ready in time; the
     *     message ends with the last lines of the broker's log
     * @throws IllegalStateException when this broker was started before (build a new one instead)
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("This EmbeddedKafkaBroker was already started (it is " + state
                    + "); a broker starts once: build a new one with EmbeddedKafkaBroker.builder()");
        }
        state = State.STARTING;
        long startedAt = System.nanoTime();
        long deadline = startedAt + startupTimeout.toNanos();
        try {
            String classpath = BrokerClasspath.resolve(explicitClasspath);
            if (requestedPort != 0) {
                requireFree(requestedPort, "port");
            }
            if (requestedControllerPort != 0) {
                requireFree(requestedControllerPort, "controllerPort");
            }
            prepareDataDir();
            registerShutdownHook();
            prepareTls();
            boolean formatted = false;
            for (int attempt = 1; ; attempt++) {
                choosePorts();
                writeConfiguration();
                if (!formatted) {
                    if (Files.exists(kafkaLogDir().resolve("meta.properties"))) {
                        log.debug("Reusing the formatted Kafka storage in {}", kafkaLogDir());
                    } else {
                        format(classpath, deadline);
                    }
                    formatted = true;
                }
                launch(classpath);
                boolean lastAttempt = attempt >= PORT_ATTEMPTS
                        || (requestedPort != 0 && requestedControllerPort != 0);
                if (awaitReady(deadline, lastAttempt)) {
                    break;
                }
                log.info("A free port chosen for the embedded Kafka broker ({} or {}) was taken before the broker "
                        + "bound it; trying again with other ports", port, controllerPort);
                stopProcess(process, shutdownTimeout);
                closeAdmin(); // it may point at whatever took the port
            }
            if (security != BrokerSecurity.PLAINTEXT) {
                awaitSecuredClient(deadline);
            }
            state = State.RUNNING;
            log.info("Embedded Kafka broker ready at {} ({}) in {} ms (pid {}, data dir {})", bootstrapServers(),
                    security,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), process.pid(), dataDir);
            return this;
        } catch (RuntimeException | Error e) {
            state = State.CLOSED;
            release();
            throw e;
        }
    }

    /**
     * Returns the bootstrap servers to give Kafka clients: {@code "127.0.0.1:<port>"}.
     *
     * @return the broker's address
     * @throws IllegalStateException before {@link #start()}
     */
    public String bootstrapServers() {
        return HOST + ":" + port();
    }

    /**
     * Returns the port of the broker's client listener on 127.0.0.1 (PLAINTEXT, or secured as the builder said).
     *
     * @return the port, chosen at start when the builder was given 0
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        int p = port;
        if (p < 0) {
            throw new IllegalStateException("The embedded Kafka broker has no port yet: call start() first");
        }
        return p;
    }

    /**
     * Returns the port of the KRaft controller listener on 127.0.0.1 (clients do not need it).
     *
     * @return the controller port
     * @throws IllegalStateException before {@link #start()}
     */
    public int controllerPort() {
        int p = controllerPort;
        if (p < 0) {
            throw new IllegalStateException("The embedded Kafka broker has no controller port yet: call start() first");
        }
        return p;
    }

    /**
     * Returns how the client listener ({@link #bootstrapServers()}) is secured.
     *
     * @return the security of the client listener
     */
    public BrokerSecurity security() {
        return security;
    }

    /**
     * Returns the Kafka client properties a client needs besides {@code bootstrap.servers}: empty for
     * {@link BrokerSecurity#PLAINTEXT}; else {@code security.protocol}, the truststore holding the throwaway CA and,
     * for {@link BrokerSecurity#SASL_SSL}, SCRAM-SHA-512 with the user and password; for {@link BrokerSecurity#MTLS}
     * the client keystore. They hold secrets: print them only through a masking utility.
     *
     * @return the client properties, the same as in {@link #clientConfigFile()}
     * @throws IllegalStateException before {@link #start()}
     */
    public Map<String, String> clientProperties() {
        if (state == State.NEW) {
            throw new IllegalStateException(
                    "The embedded Kafka broker has no client properties yet: call start() first");
        }
        return clientProperties;
    }

    /**
     * Returns the Kafka client config file ({@code client.properties} in the TLS directory, readable by its owner
     * only) with {@link #clientProperties()}, for {@code --client-config} or Kafka's {@code --command-config}.
     *
     * @return the file, or empty for {@link BrokerSecurity#PLAINTEXT}
     */
    public Optional<Path> clientConfigFile() {
        return Optional.ofNullable(clientConfigFile);
    }

    /**
     * Returns the directory of the TLS files: {@code ca.pem} (the throwaway CA in PEM, for non-Java clients such as
     * kcat), {@code truststore.p12}, {@code client.properties}, and {@code client.p12} for mutual TLS.
     *
     * @return the directory, or empty for {@link BrokerSecurity#PLAINTEXT}
     */
    public Optional<Path> tlsDir() {
        ThrowawayCertificates c = certificates;
        return c == null ? Optional.empty() : Optional.of(c.caPem().getParent());
    }

    /**
     * Returns the data directory: the broker's configuration, its log file and, in {@code kafka-logs}, its data.
     *
     * @return the data directory
     * @throws IllegalStateException before {@link #start()}
     */
    public Path dataDir() {
        Path d = dataDir;
        if (d == null) {
            throw new IllegalStateException("The embedded Kafka broker has no data directory yet: call start() first");
        }
        return d;
    }

    /**
     * Returns the file the broker's child JVM logs to ({@code broker.log} in the data directory). A temporary data
     * directory, and so this file, is deleted by {@link #close()}.
     *
     * @return the broker's log file
     * @throws IllegalStateException before {@link #start()}
     */
    public Path logFile() {
        return dataDir().resolve("broker.log");
    }

    /**
     * Returns the broker's child process, also after it was stopped (to check that it is gone).
     *
     * @return the child process, or empty before it was launched
     */
    public Optional<ProcessHandle> process() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.toHandle());
    }

    /**
     * Tells whether the broker is started and its child process is alive.
     *
     * @return true when running
     */
    public boolean isRunning() {
        Process p = process;
        return state == State.RUNNING && p != null && p.isAlive();
    }

    /**
     * Creates a topic with a replication factor of 1 and returns once it can take records: every partition has a
     * leader that serves it ({@link KafkaTopics#ensure}), so a producer started right after never meets the
     * not-yet-served window that sends Kafka's idempotent producer into its retry loop. Creating a topic that exists
     * already is not an error: the existing topic is kept as it is, whatever its partition count.
     *
     * @param name the topic's name
     * @param partitions the number of partitions, at least 1
     * @throws EmbeddedKafkaException when the topic cannot be created or served within 30 s
     * @throws IllegalStateException when the broker is not running
     */
    public void createTopic(String name, int partitions) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("A topic needs at least 1 partition, got " + partitions);
        }
        Admin client = runningAdmin();
        try {
            boolean created = KafkaTopics.ensure(client, new NewTopic(name, partitions, (short) 1), OPERATION_TIMEOUT);
            log.debug("Topic {} with {} partition(s) {} on {}", name, partitions, created ? "created" : "exists",
                    bootstrapServers());
        } catch (KafkaSetupException e) {
            throw new EmbeddedKafkaException("On the embedded Kafka broker at " + bootstrapServers() + ": "
                    + e.getMessage() + ". See " + logFile(), e);
        }
    }

    /**
     * Stops the broker: SIGTERM, a wait of at most {@link Builder#shutdownTimeout(Duration)} for a clean shutdown,
     * then a forcible kill. Deletes the data directory if it was a temporary one. Calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            boolean wasStarted = state != State.NEW;
            state = State.CLOSED;
            if (!wasStarted) {
                return;
            }
        }
        long t0 = System.nanoTime();
        release();
        log.info("Embedded Kafka broker at {}:{} stopped in {} ms", HOST, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + HOST + ":" + port + ", dataDir=" + dataDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // starting

    private void prepareDataDir() {
        try {
            if (requestedDataDir == null) {
                dataDir = Files.createTempDirectory("tributary-kafka-");
                ownsDataDir = true;
            } else {
                dataDir = Files.createDirectories(requestedDataDir.toAbsolutePath());
                ownsDataDir = false;
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not create the data directory of the embedded Kafka broker ("
                    + (requestedDataDir == null ? "a temporary directory" : requestedDataDir) + "): " + e
                    + ". Check that the location is writable and has free space.", e);
        }
    }

    private void choosePorts() {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName(HOST));
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName(HOST));
             ServerSocket c = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            internalPort = security == BrokerSecurity.PLAINTEXT ? -1 : c.getLocalPort();
            port = requestedPort != 0 ? requestedPort : a.getLocalPort();
            controllerPort = requestedControllerPort != 0 ? requestedControllerPort : b.getLocalPort();
            if (controllerPort == port) { // only when one was requested and the other happened to match it
                controllerPort = requestedControllerPort != 0 ? controllerPort : a.getLocalPort();
                port = requestedPort != 0 ? port : b.getLocalPort();
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not find a free port on " + HOST + " for the embedded Kafka "
                    + "broker: " + e, e);
        }
    }

    private static void requireFree(int candidate, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, candidate));
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Port " + candidate + " on " + HOST + " (the " + what + " of the "
                    + "embedded Kafka broker) is already in use: " + e.getMessage() + ". Stop whatever listens "
                    + "there (another broker?), choose another " + what + ", or pass 0 for a free one.", e);
        }
    }

    private void writeConfiguration() {
        Properties server = new Properties();
        server.setProperty("process.roles", "broker,controller");
        server.setProperty("node.id", "1");
        server.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        server.setProperty("controller.listener.names", "CONTROLLER");
        if (security == BrokerSecurity.PLAINTEXT) {
            server.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":"
                    + controllerPort);
            server.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
            server.setProperty("inter.broker.listener.name", "PLAINTEXT");
            server.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            securedListeners(server);
        }
        server.setProperty("log.dirs", kafkaLogDir().toString());
        server.setProperty("num.partitions", "1");
        server.setProperty("offsets.topic.replication.factor", "1");
        server.setProperty("offsets.topic.num.partitions", "1");
        server.setProperty("transaction.state.log.replication.factor", "1");
        server.setProperty("transaction.state.log.min.isr", "1");
        server.setProperty("transaction.state.log.num.partitions", "1");
        server.setProperty("group.initial.rebalance.delay.ms", "0");
        server.setProperty("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        extraProperties.forEach(server::setProperty);

        Properties log4j = new Properties();
        log4j.setProperty("log4j.rootLogger", "INFO, stdout");
        log4j.setProperty("log4j.appender.stdout", "org.apache.log4j.ConsoleAppender");
        log4j.setProperty("log4j.appender.stdout.layout", "org.apache.log4j.PatternLayout");
        log4j.setProperty("log4j.appender.stdout.layout.ConversionPattern", "[%d] %p %m (%c)%n");
        log4j.setProperty("log4j.logger.kafka.request.logger", "WARN");
        log4j.setProperty("log4j.logger.state.change.logger", "WARN");
        log4j.setProperty("log4j.logger.org.apache.kafka.clients", "WARN");
        try {
            Files.deleteIfExists(serverProperties());
            ThrowawayCertificates.writePrivate(serverProperties(), new byte[0]); // it may hold passwords
            store(server, serverProperties(), "Embedded Kafka broker (KRaft, broker+controller), written by Tributary");
            store(log4j, log4jProperties(), "Logging of the embedded Kafka broker: its stdout goes to broker.log");
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not write the configuration of the embedded Kafka broker into "
                    + dataDir + ": " + e, e);
        }
    }

    private static void store(Properties properties, Path file, String comment) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, comment);
        }
    }

    private void format(String classpath, long deadline) {
        List<String> command = javaCommand(FORMAT_JVM_OPTIONS, classpath);
        command.addAll(List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(),
                "-c", serverProperties().toString()));
        Path formatLog = dataDir.resolve("format.log");
        Process formatter = startProcess(command, formatLog, "Kafka's StorageTool");
        try {
            if (!formatter.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                formatter.destroyForcibly();
                formatter.waitFor(5, TimeUnit.SECONDS);
                throw new EmbeddedKafkaException("The embedded Kafka broker did not become ready within "
                        + startupTimeout + ": formatting its storage had not finished. The machine may be "
                        + "overloaded: raise startupTimeout(...). Last lines of " + formatLog + ":\n"
                        + LogTail.of(formatLog, LOG_TAIL_LINES));
            }
        } catch (InterruptedException e) {
            formatter.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while formatting the embedded Kafka broker's storage", e);
        }
        if (formatter.exitValue() != 0) {
            throw new EmbeddedKafkaException("Formatting the storage of the embedded Kafka broker in "
                    + kafkaLogDir() + " failed (StorageTool exit code " + formatter.exitValue() + "). Check the "
                    + "extra broker properties and the data directory. Last lines of " + formatLog + ":\n"
                    + LogTail.of(formatLog, LOG_TAIL_LINES));
        }
    }

    private void launch(String classpath) {
        // ParentWatch stops the child when this JVM is gone, even after a SIGKILL (no hook runs then).
        List<String> command = javaCommand(jvmOptions, classpath + File.pathSeparator + parentWatchClasspath());
        command.addAll(List.of(ParentWatch.class.getName(), "kafka.Kafka", serverProperties().toString()));
        process = startProcess(command, logFile(), "the Kafka broker");
        log.debug("Launched the embedded Kafka broker's child JVM (pid {}) for {}; it logs to {}",
                process.pid(), bootstrapServers(), logFile());
    }

    /**
     * A directory in the data directory holding only {@link ParentWatch}'s class file: adding the jar it came from
     * would put Pekko's or an application's classes (a fat jar) on the broker's classpath.
     */
    private String parentWatchClasspath() {
        String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
        Path root = dataDir.resolve("parent-watch");
        Path target = root.resolve(resource);
        try (var in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " not found");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot prepare " + ParentWatch.class.getName()
                    + " for the broker's child JVM in " + root + ": " + e, e);
        }
        return root.toString();
    }

    private List<String> javaCommand(List<String> options, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Dlog4j.configuration=" + log4jProperties().toUri());
        command.add("-Dkafka.logs.dir=" + dataDir);
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private Process startProcess(List<String> command, Path output, String what) {
        try {
            return new ProcessBuilder(command)
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not launch " + what + " in a child JVM with " + command.get(0)
                    + ": " + e, e);
        }
    }

    /**
     * Waits until the broker accepts connections and a probe topic can be created.
     *
     * @return true when ready; false when the child exited because a freely chosen port was taken meanwhile and
     *     another attempt may follow
     */
    private boolean awaitReady(long deadline, boolean lastAttempt) {
        while (!accepts(adminPort())) {
            if (diedBeforeReady(lastAttempt)) {
                return false;
            }
            if (remainingMillis(deadline) <= 0) {
                throw notReady("nothing accepted connections on " + bootstrapServers(), null);
            }
            pause(100);
        }
        Admin client = admin;
        if (client == null) {
            client = Admin.create(adminConfig());
            admin = client;
        }
        String probe = "__tributary_probe_" + UUID.randomUUID();
        Throwable lastError = null;
        while (true) {
            if (diedBeforeReady(lastAttempt)) {
                return false;
            }
            long remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw notReady("no topic could be created on " + bootstrapServers(), lastError);
            }
            try {
                client.createTopics(List.of(new NewTopic(probe, 1, (short) 1))).all()
                        .get(Math.min(remaining, 5_000), TimeUnit.MILLISECONDS);
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    break;
                }
                lastError = e.getCause();
                log.debug("Embedded Kafka broker not ready yet: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                lastError = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedKafkaException("Interrupted while waiting for the embedded Kafka broker", e);
            }
            pause(100);
        }
        try {
            client.deleteTopics(List.of(probe)).all().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Could not delete the probe topic {}: {}", probe, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the embedded Kafka broker", e);
        }
        return true;
    }

    /** Returns true when the child exited on a port clash that another attempt may fix; throws when it died. */
    private boolean diedBeforeReady(boolean lastAttempt) {
        Process p = process;
        if (p.isAlive()) {
            return false;
        }
        boolean portClash = LogTail.contains(logFile(), ADDRESS_IN_USE);
        if (portClash && !lastAttempt) {
            return true;
        }
        throw new EmbeddedKafkaException("The embedded Kafka broker's child JVM (pid " + p.pid() + ") exited with "
                + "code " + p.exitValue() + " before it became ready."
                + (portClash ? " Port " + port + " or " + controllerPort + " on " + HOST + " is in use: choose "
                        + "other ports, or 0 for free ones." : " Check the extra broker properties and JVM options.")
                + " Last lines of " + logFile() + ":\n" + LogTail.of(logFile(), LOG_TAIL_LINES));
    }

    private EmbeddedKafkaException notReady(String what, Throwable lastError) {
        return new EmbeddedKafkaException("The embedded Kafka broker did not become ready within " + startupTimeout
                + ": " + what + (lastError == null ? "" : " (last error: " + lastError + ")")
                + ". The machine may be overloaded: raise startupTimeout(...). Last lines of " + logFile() + ":\n"
                + LogTail.of(logFile(), LOG_TAIL_LINES), lastError);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + adminPort());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-embedded-kafka-" + port);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) OPERATION_TIMEOUT.toMillis());
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }

    private static boolean accepts(int candidate) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, candidate), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Admin runningAdmin() {
        Admin client = admin;
        if (state != State.RUNNING || client == null) {
            throw new IllegalStateException("The embedded Kafka broker is not running (it is " + state
                    + "): call start() first, and do not use it after close()");
        }
        return client;
    }

    // ---------------------------------------------------------------------------------------------------------
    // stopping

    private void registerShutdownHook() {
        Thread hook = new Thread(() -> {
            Process p = process;
            if (p != null) {
                stopProcess(p, HOOK_STOP_TIMEOUT.compareTo(shutdownTimeout) < 0 ? HOOK_STOP_TIMEOUT : shutdownTimeout);
            }
            if (ownsDataDir) {
                deleteRecursively(dataDir);
            }
        }, "tributary-embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    /** Stops everything this broker started: admin client, child process, temporary data directory, hook. */
    private void release() {
        closeAdmin();
        Process p = process;
        if (p != null) {
            stopProcess(p, shutdownTimeout);
        }
        if (ownsDataDir && dataDir != null) {
            deleteRecursively(dataDir);
        }
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }

    private void closeAdmin() {
        Admin client = admin;
        admin = null;
        if (client != null) {
            try {
                client.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("Closing the embedded Kafka broker's admin client failed: {}", e.toString());
            }
        }
    }

    private static void stopProcess(Process p, Duration timeout) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy(); // SIGTERM: Kafka shuts down cleanly
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The embedded Kafka broker (pid {}) did not stop within {} after SIGTERM; killing it",
                        p.pid(), timeout);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete the embedded Kafka broker's temporary data directory {}: {}", root, e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // security

    /** The port of the launcher's own admin client: the internal PLAINTEXT listener when the client one is secured. */
    private int adminPort() {
        return security == BrokerSecurity.PLAINTEXT ? port : internalPort;
    }

    private void prepareTls() {
        if (security == BrokerSecurity.PLAINTEXT) {
            return;
        }
        Path dir = requestedTlsDir == null ? dataDir.resolve("tls") : requestedTlsDir.toAbsolutePath();
        long t0 = System.nanoTime();
        ThrowawayCertificates certs = ThrowawayCertificates.generate(dir,
                UUID.randomUUID().toString().replace("-", ""), security == BrokerSecurity.MTLS);
        certificates = certs;
        Map<String, String> props = new LinkedHashMap<>();
        if (security == BrokerSecurity.SASL_SSL) {
            props.put("security.protocol", "SASL_SSL");
            props.put("sasl.mechanism", "SCRAM-SHA-512");
            props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"" + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";");
        } else {
            props.put("security.protocol", "SSL");
            props.put("ssl.keystore.location", certs.clientKeystore().toString());
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.password", certs.storePassword());
            props.put("ssl.key.password", certs.storePassword());
        }
        props.put("ssl.truststore.location", certs.truststore().toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", certs.storePassword());
        clientProperties = Map.copyOf(props);
        Path file = dir.resolve("client.properties");
        try {
            StringBuilder text = new StringBuilder("# Kafka client config for the embedded broker (" + security
                    + "), written by Tributary; pass it as --client-config (or Kafka's --command-config)\n");
            props.forEach((k, v) -> text.append(k).append('=').append(propertyEscape(v)).append('\n'));
            ThrowawayCertificates.writePrivate(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not write " + file + ": " + e + ". Check that the directory is "
                    + "writable.", e);
        }
        clientConfigFile = file;
        log.debug("TLS files of the embedded Kafka broker written to {} in {} ms", dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void securedListeners(Properties server) {
        ThrowawayCertificates certs = certificates;
        String protocol = security == BrokerSecurity.SASL_SSL ? "SASL_SSL" : "SSL";
        server.setProperty("listeners", "INTERNAL://" + HOST + ":" + internalPort + ",CLIENT://" + HOST + ":" + port
                + ",CONTROLLER://" + HOST + ":" + controllerPort);
        server.setProperty("advertised.listeners", "INTERNAL://" + HOST + ":" + internalPort + ",CLIENT://" + HOST
                + ":" + port);
        server.setProperty("inter.broker.listener.name", "INTERNAL");
        server.setProperty("listener.security.protocol.map",
                "INTERNAL:PLAINTEXT,CLIENT:" + protocol + ",CONTROLLER:PLAINTEXT");
        server.setProperty("listener.name.client.ssl.keystore.location", certs.brokerKeystore().toString());
        server.setProperty("listener.name.client.ssl.keystore.type", "PKCS12");
        server.setProperty("listener.name.client.ssl.keystore.password", certs.storePassword());
        server.setProperty("listener.name.client.ssl.key.password", certs.storePassword());
        if (security == BrokerSecurity.SASL_SSL) {
            server.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
            server.setProperty("listener.name.client.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            server.setProperty("listener.name.client.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\""
                            + jaasEscape(password) + "\";");
        } else {
            server.setProperty("listener.name.client.ssl.client.auth", "required");
            server.setProperty("listener.name.client.ssl.truststore.location", certs.truststore().toString());
            server.setProperty("listener.name.client.ssl.truststore.type", "PKCS12");
            server.setProperty("listener.name.client.ssl.truststore.password", certs.storePassword());
        }
    }

    /**
     * Adds the SCRAM user (through the internal listener: no password on a command line) and waits until a client
     * with {@link #clientProperties()} is served on the secured listener, so the ready line means ready for clients.
     */
    private void awaitSecuredClient(long deadline) {
        Admin internal = admin;
        try {
            if (security == BrokerSecurity.SASL_SSL) {
                internal.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                        .all().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
            }
            Map<String, Object> config = new LinkedHashMap<>(clientProperties);
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-embedded-kafka-check-" + port);
            config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
            Throwable lastError = null;
            try (Admin client = Admin.create(config)) {
                while (true) {
                    long remaining = remainingMillis(deadline);
                    if (remaining <= 0) {
                        throw notReady("no secured client was served on " + bootstrapServers(), lastError);
                    }
                    try {
                        client.describeCluster().nodes().get(Math.min(remaining, 5_000), TimeUnit.MILLISECONDS);
                        return;
                    } catch (ExecutionException e) {
                        lastError = e.getCause(); // SCRAM credentials may take a moment to reach the listener
                    } catch (TimeoutException e) {
                        lastError = e;
                    }
                    pause(100);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedKafkaException("Could not add the SCRAM user '" + user + "' to the embedded Kafka "
                    + "broker: " + (e.getCause() == null ? e : e.getCause()) + ". See " + logFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Escapes a value for a {@code .properties} file. */
    private static String propertyEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // small helpers

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    private Path log4jProperties() {
        return dataDir.resolve("log4j.properties");
    }

    private Path kafkaLogDir() {
        return dataDir.resolve("kafka-logs");
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    /** Waits a little between readiness checks, waking early if the child exits. */
    private void pause(long millis) {
        try {
            Process p = process;
            if (p != null) {
                p.waitFor(millis, TimeUnit.MILLISECONDS);
            } else {
                TimeUnit.MILLISECONDS.sleep(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    /**
     * Configures an {@link EmbeddedKafkaBroker}. Every setting has a default; {@link #build()} returns a broker that
     * is not started yet.
     */
    public static final class Builder {

        private int port;
        private int controllerPort;
        private Path dataDir;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(15);
        private boolean autoCreateTopics;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
        private String brokerClasspath;
        private BrokerSecurity security = BrokerSecurity.PLAINTEXT;
        private String user;
        private String password;
        private Path tlsDir;

        private Builder() {
        }

        /**
         * Secures the client listener with TLS (a throwaway CA and a certificate for {@code localhost} and
         * {@code 127.0.0.1}, made at start) and SASL for one user, with SCRAM-SHA-512 or PLAIN. The broker's client
         * config ({@link EmbeddedKafkaBroker#clientProperties()}) uses SCRAM-SHA-512.
         *
         * @param user the user name (letters, digits, {@code . _ -})
         * @param password the user's password, not empty
         * @return this builder
         */
        public Builder saslSsl(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!user.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("user must be letters, digits, '.', '_' or '-', got '" + user + "'");
            }
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.security = BrokerSecurity.SASL_SSL;
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Secures the client listener with mutual TLS: the broker presents a certificate signed by a throwaway CA and
         * requires a client certificate signed by it ({@code client.p12} in the TLS directory).
         *
         * @return this builder
         */
        public Builder mutualTls() {
            this.security = BrokerSecurity.MTLS;
            this.user = null;
            this.password = null;
            return this;
        }

        /**
         * Sets where the TLS files and {@code client.properties} are written when the listener is secured (default:
         * {@code tls} in the data directory).
         *
         * @param tlsDir the directory, created if missing; files in it of the same names are replaced
         * @return this builder
         */
        public Builder tlsDir(Path tlsDir) {
            this.tlsDir = tlsDir;
            return this;
        }

        /**
         * Sets the port of the broker's PLAINTEXT listener on 127.0.0.1.
         *
         * @param port a port, or 0 (the default) for a free one chosen at start
         * @return this builder
         */
        public Builder port(int port) {
            this.port = checkPort(port, "port");
            return this;
        }

        /**
         * Sets the port of the KRaft controller listener on 127.0.0.1.
         *
         * @param controllerPort a port, or 0 (the default) for a free one chosen at start
         * @return this builder
         */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort, "controllerPort");
            return this;
        }

        /**
         * Sets the data directory. A given directory is kept by {@link EmbeddedKafkaBroker#close()}, and a later
         * broker on the same directory finds its topics and records again. Without one, a temporary directory is
         * created at start and deleted at close.
         *
         * @param dataDir the directory (created if missing), or {@code null} for a temporary one
         * @return this builder
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Sets how long {@link EmbeddedKafkaBroker#start()} may take in all (default 60 s; a start usually takes
         * 5 to 7 s on two cores).
         *
         * @param startupTimeout a positive duration
         * @return this builder
         */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = positive(startupTimeout, "startupTimeout");
            return this;
        }

        /**
         * Sets how long {@link EmbeddedKafkaBroker#close()} waits after SIGTERM before it kills the broker (default
         * 15 s).
         *
         * @param shutdownTimeout a positive duration
         * @return this builder
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /**
         * Sets whether the broker creates a topic when a client first uses it ({@code auto.create.topics.enable}).
         * Off by default, stricter than stock Kafka (which has it on), so that a test using a topic it forgot to
         * create fails instead of getting a 1-partition topic; {@code ./tributary broker} turns it on, like stock
         * Kafka, unless given {@code --no-auto-create-topics}.
         *
         * @param autoCreateTopics true to create topics on first use
         * @return this builder
         */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /**
         * Adds a broker property ({@code server.properties}); it overrides the default of the same name. Leave
         * listeners, ports, roles and {@code log.dirs} to the builder's own settings.
         *
         * @param name the property name, e.g. {@code "log.retention.ms"}
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds broker properties, as {@link #brokerProperty(String, String)} does for each.
         *
         * @param properties names and values
         * @return this builder
         */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Replaces the options of the broker's child JVM ({@link EmbeddedKafkaBroker#DEFAULT_JVM_OPTIONS}: a 512 MB
         * heap and G1 with short pauses).
         *
         * @param jvmOptions options such as {@code "-Xmx1g"}
         * @return this builder
         */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /**
         * Sets the classpath of the broker's child JVM, replacing the one recorded by
         * {@code tributary-kafka-broker-classpath} (and the system property {@code tributary.kafka.broker.classpath}).
         * Any Kafka broker version that accepts the same configuration works, e.g. 4.x.
         *
         * @param classpath jar paths joined with the platform's path separator
         * @return this builder
         */
        public Builder brokerClasspath(String classpath) {
            this.brokerClasspath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /**
         * Returns a broker with these settings, not started yet: call {@link EmbeddedKafkaBroker#start()}.
         *
         * @return a new broker
         * @throws IllegalArgumentException when port and controller port are the same non-zero number
         */
        public EmbeddedKafkaBroker build() {
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int value, String what) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException(what + " must be 0 (free) or 1-65535, got " + value);
            }
            return value;
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
