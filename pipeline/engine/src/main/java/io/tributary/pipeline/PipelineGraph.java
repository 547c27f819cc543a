package io.tributary.pipeline;

import io.tributary.actors.hub.EventHub;
import io.tributary.pipeline.component.ComponentCounters;
import io.tributary.pipeline.component.PipelineStartException;
import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.telemetry.Telemetry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.ClosedShape;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.UniformFanInShape;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Merge;
import org.apache.pekko.stream.javadsl.Partition;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link Pipeline} into one running Pekko stream graph. Each output with several readers
 * becomes a {@code Broadcast} whose every branch holds one reference of the delivery's {@code
 * AckCountdown} (retained before the fan-out), each component with several inputs a {@code
 * Merge}, each transform with named outputs a {@code Partition} on the delivery's output, and each
 * output nobody reads a sink that marks deliveries done. So a source message is acknowledged
 * exactly when every branch that got it is done with it.
 */
final class PipelineGraph {

  private static final Logger log = LoggerFactory.getLogger(PipelineGraph.class);

  /** One reader of an output: a component and the index of the input it reads it on. */
  private record Reader(PlannedComponent component, int input) {}

  /** The output transforms send their errors to (parse_json): counted as the component's errors. */
  private static final String ERRORS_OUTPUT = "_errors";

  /** How long a started source may take to take in messages (a hub source to subscribe). */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private PipelineGraph() {}

  static RunningPipeline run(Pipeline pipeline, ActorSystem<?> system, ActorRef<EventHub.Command<Event>> hub,
      PrintStream stdout) {
    DeliveryTracker tracker = new DeliveryTracker();
    RunContext base = new RunContext(system, hub, tracker, stdout, null);
    PipelineMeters meters = new PipelineMeters(Telemetry.get(system).registry(), pipeline.name(), tracker);
    Map<String, ComponentCounters> counters = new HashMap<>();
    Function<PlannedComponent, RunContext> contextOf = c -> {
      RunContext context = base.forComponent(c.ref());
      counters.put(c.name(), context.counters());
      meters.component(c.ref(), context.counters());
      return context;
    };
    // Sinks first, sources last: a Kafka source is only connected once everything downstream could open.
    Map<String, RunningSink> sinks = new LinkedHashMap<>();
    for (PlannedComponent c : pipeline.sinks()) {
      List<String> inputs = c.inputs().stream().map(OutputRef::toString).collect(Collectors.toList());
      sinks.put(c.name(), ((SinkDefinition) c.definition()).start(contextOf.apply(c), inputs));
    }
    Map<String, Flow<Delivery, Delivery, NotUsed>> flows = new HashMap<>();
    Map<String, TransformDefinition> transforms = new LinkedHashMap<>();
    for (PlannedComponent c : pipeline.transforms()) {
      TransformDefinition t = (TransformDefinition) c.definition();
      transforms.put(c.name(), t);
      flows.put(c.name(), t.flow(contextOf.apply(c)));
    }
    Map<String, RunningSource> sources = new LinkedHashMap<>();
    for (PlannedComponent c : pipeline.sources()) {
      try {
        sources.put(c.name(), ((SourceDefinition) c.definition()).start(contextOf.apply(c)));
      } catch (PipelineStartException e) {
        sources.values().forEach(RunningSource::release);
        meters.close();
        throw e;
      }
    }

    Map<String, CompletionStage<Done>> completions = new ConcurrentHashMap<>();
    RunnableGraph<NotUsed> graph = RunnableGraph.fromGraph(GraphDSL.create(b -> {
      Map<String, Outlet<Delivery>> outlets = new LinkedHashMap<>();
      Map<String, List<Inlet<Delivery>>> inlets = new HashMap<>();
      Map<String, List<Reader>> readers = new HashMap<>();

      for (PlannedComponent c : pipeline.sources()) {
        ComponentCounters count = counters.get(c.name());
        SourceShape<Delivery> shape = b.add(sources.get(c.name()).source().map(d -> {
          count.onOut();
          return d;
        }).async());
        outlets.put(c.name(), shape.out());
      }
      for (PlannedComponent c : pipeline.transforms()) {
        TransformDefinition t = transforms.get(c.name());
        ComponentCounters count = counters.get(c.name());
        FlowShape<Delivery, Delivery> shape = b.add(Flow.<Delivery>create()
            .map(d -> {
              count.onIn();
              return d.output() == null ? d : d.toOutput(null);
            })
            .via(flows.get(c.name()))
            .map(d -> {
              count.onOut();
              if (ERRORS_OUTPUT.equals(d.output())) {
                count.onError();
              }
              return d;
            }));
        inlets.put(c.name(), fanIn(b, shape.in(), c.inputs().size()));
        List<String> outputs = new ArrayList<>();
        if (t.hasDefaultOutput()) {
          outputs.add(null);
        }
        outputs.addAll(t.namedOutputs());
        if (outputs.size() == 1 && outputs.get(0) == null) {
          outlets.put(c.name(), shape.out());
        } else {
          Map<String, Integer> index = new HashMap<>();
          for (int i = 0; i < outputs.size(); i++) {
            index.put(outputs.get(i), i);
          }
          String name = c.name();
          UniformFanOutShape<Delivery, Delivery> partition = b.add(Partition.<Delivery>create(outputs.size(), d -> {
            Integer i = index.get(d.output());
            if (i == null) {
              throw new IllegalStateException("transform " + name + " emitted on unknown output " + d.output());
            }
            return i;
          }));
          b.from(shape.out()).toInlet(partition.in());
          for (int i = 0; i < outputs.size(); i++) {
            outlets.put(new OutputRef(c.name(), outputs.get(i)).toString(), partition.out(i));
          }
        }
      }
      for (PlannedComponent c : pipeline.sinks()) {
        String name = c.ref().path();
        ComponentCounters count = counters.get(c.name());
        SinkShape<Delivery> shape = b.add(Flow.<Delivery>create().map(d -> {
          count.onIn();
          return d;
        }).toMat(sinks.get(c.name()).sink(), Keep.right()).mapMaterializedValue(done -> {
          completions.put(name, done);
          return NotUsed.getInstance();
        }));
        inlets.put(c.name(), fanIn(b, shape.in(), c.inputs().size()));
      }

      List<PlannedComponent> consumers = new ArrayList<>(pipeline.transforms());
      consumers.addAll(pipeline.sinks());
      for (PlannedComponent c : consumers) {
        for (int i = 0; i < c.inputs().size(); i++) {
          readers.computeIfAbsent(c.inputs().get(i).toString(), k -> new ArrayList<>()).add(new Reader(c, i));
        }
      }

      for (Map.Entry<String, Outlet<Delivery>> port : outlets.entrySet()) {
        String ref = port.getKey();
        List<Reader> rs = readers.getOrDefault(ref, List.of());
        if (rs.isEmpty()) {
          OutputRef output = OutputRef.parse(ref);
          TransformDefinition producer = transforms.get(output.component());
          b.from(port.getValue()).to(b.add(Sink.<Delivery>foreach(d -> {
            if (producer != null) {
              producer.unconsumed(output.output(), d);
            }
            d.done();
          })));
        } else if (rs.size() == 1) {
          connect(b, port.getValue(), rs.get(0), ref, sinks, inlets);
        } else {
          int extra = rs.size() - 1;
          FlowShape<Delivery, Delivery> retain = b.add(Flow.<Delivery>create().map(d -> {
            d.ack().retain(extra); // one reference per branch, taken before any branch can finish
            return d;
          }));
          UniformFanOutShape<Delivery, Delivery> broadcast = b.add(Broadcast.<Delivery>create(rs.size()));
          b.from(port.getValue()).via(retain).toFanOut(broadcast);
          for (int i = 0; i < rs.size(); i++) {
            connect(b, broadcast.out(i), rs.get(i), ref, sinks, inlets);
          }
        }
      }
      return ClosedShape.getInstance();
    }));
    graph.run(system);
    try {
      awaitReady(pipeline, sources);
    } catch (PipelineStartException e) {
      meters.close();
      throw e;
    }
    return new RunningPipeline(pipeline.name(), sources, transforms, tracker, allOf(completions), meters);
  }

  /** Waits until every source takes in messages; if one does not, stops them all and fails the start. */
  private static void awaitReady(Pipeline pipeline, Map<String, RunningSource> sources) {
    for (PlannedComponent c : pipeline.sources()) {
      Throwable problem;
      try {
        sources.get(c.name()).ready().toCompletableFuture().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        continue;
      } catch (ExecutionException e) {
        problem = e.getCause();
      } catch (TimeoutException e) {
        problem = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem = e;
      }
      sources.values().forEach(s -> s.stopIntake().thenCompose(d -> s.release()));
      throw new PipelineStartException(c.ref(), "not taking in messages within " + READY_TIMEOUT.toSeconds()
          + " s: " + problem, problem);
    }
  }

  private static List<Inlet<Delivery>> fanIn(GraphDSL.Builder<NotUsed> b, Inlet<Delivery> inlet, int inputs) {
    if (inputs == 1) {
      return List.of(inlet);
    }
    UniformFanInShape<Delivery, Delivery> merge = b.add(Merge.<Delivery>create(inputs));
    b.from(merge.out()).toInlet(inlet);
    List<Inlet<Delivery>> result = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      result.add(merge.in(i));
    }
    return result;
  }

  private static void connect(GraphDSL.Builder<NotUsed> b, Outlet<Delivery> outlet, Reader reader, String ref,
      Map<String, RunningSink> sinks, Map<String, List<Inlet<Delivery>>> inlets) {
    Inlet<Delivery> target = inlets.get(reader.component().name()).get(reader.input());
    RunningSink sink = sinks.get(reader.component().name());
    if (sink == null) {
      b.from(outlet).toInlet(target);
    } else {
      b.from(outlet).via(b.add(sink.edge(ref))).toInlet(target);
    }
  }

  /** Completes when every sink completed; fails as soon as one fails. */
  private static CompletionStage<Done> allOf(Map<String, CompletionStage<Done>> completions) {
    CompletableFuture<Done> all = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(completions.size());
    if (completions.isEmpty()) {
      all.complete(Done.getInstance());
    }
    completions.forEach((name, done) -> done.whenComplete((d, error) -> {
      if (error != null) {
        log.error("{} failed: {}", name, error.toString());
        all.completeExceptionally(new IllegalStateException(name + " failed: " + error.getMessage(), error));
      } else if (remaining.decrementAndGet() == 0) {
        all.complete(Done.getInstance());
      }
    }));
    return all;
  }
}
