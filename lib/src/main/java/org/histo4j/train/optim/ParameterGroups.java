package org.histo4j.train.optim;

import ai.djl.nn.Parameter;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a multi-task network split into the shared encoder and one head per task, keyed by DJL
 * parameter id. Gives the per-parameter learning rate of the paper, where heads learn {@code m} times faster:
 * lr(p, t) = schedule(t) · (m if p belongs to a head, else 1).
 *
 * <pre>{@code
 * ParameterGroups groups = ParameterGroups.builder()
 *         .addEncoder(network.encoder().getParameters().values())
 *         .addHead("crc", network.head("crc").getParameters().values())
 *         .build();
 * }</pre>
 */
public final class ParameterGroups {

    private final List<Parameter> encoder;
    private final Map<String, List<Parameter>> heads;
    private final Map<String, String> taskOfHead;

    private ParameterGroups(Builder builder) {
        this.encoder = List.copyOf(builder.encoder);
        Map<String, List<Parameter>> copy = new LinkedHashMap<>();
        builder.heads.forEach((task, parameters) -> copy.put(task, List.copyOf(parameters)));
        this.heads = java.util.Collections.unmodifiableMap(copy);
        this.taskOfHead = Map.copyOf(builder.taskOfHead);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The encoder's parameters. */
    public List<Parameter> encoder() {
        return encoder;
    }

    /** The tasks, in the order their heads were added. */
    public Set<String> tasks() {
        return heads.keySet();
    }

    /** The parameters of one task's head. */
    public List<Parameter> head(String task) {
        List<Parameter> head = heads.get(task);
        if (head == null) {
            throw new IllegalArgumentException("no head for task '" + task + "'; tasks are " + heads.keySet());
        }
        return head;
    }

    /** The task whose head holds this parameter, empty for an encoder (or unknown) parameter. */
    public Optional<String> taskOf(String parameterId) {
        return Optional.ofNullable(taskOfHead.get(parameterId));
    }

    /** The learning rate per parameter: the schedule's, times {@code headMultiplier} for head parameters. */
    public ParameterTracker learningRates(Tracker schedule, float headMultiplier) {
        if (!(headMultiplier > 0)) {
            throw new IllegalArgumentException("headMultiplier must be positive, got " + headMultiplier);
        }
        return (parameterId, t) -> schedule.getNewValue(t) * (taskOfHead.containsKey(parameterId) ? headMultiplier
                : 1f);
    }

    /** Collects the groups; a parameter may belong to one group only. */
    public static final class Builder {
        private final List<Parameter> encoder = new ArrayList<>();
        private final Map<String, List<Parameter>> heads = new LinkedHashMap<>();
        private final Map<String, String> taskOfHead = new HashMap<>();
        private final Map<String, String> groupOf = new HashMap<>();

        private Builder() {}

        /** Adds parameters of the shared encoder. */
        public Builder addEncoder(Collection<Parameter> parameters) {
            for (Parameter parameter : parameters) {
                claim(parameter, "the encoder");
                encoder.add(parameter);
            }
            return this;
        }

        /** Adds the parameters of one task's head. */
        public Builder addHead(String task, Collection<Parameter> parameters) {
            List<Parameter> head = heads.computeIfAbsent(task, t -> new ArrayList<>());
            for (Parameter parameter : parameters) {
                claim(parameter, "the head of '" + task + "'");
                head.add(parameter);
                taskOfHead.put(parameter.getId(), task);
            }
            return this;
        }

        private void claim(Parameter parameter, String group) {
            String previous = groupOf.putIfAbsent(parameter.getId(), group);
            if (previous != null) {
                throw new IllegalArgumentException("parameter " + parameter.getName() + " (" + parameter.getId()
                        + ") is in " + previous + " and in " + group);
            }
        }

        /** Builds the groups. */
        public ParameterGroups build() {
            if (heads.isEmpty()) {
                throw new IllegalArgumentException("heads: addHead(...) at least once is required");
            }
            return new ParameterGroups(this);
        }
    }
}
