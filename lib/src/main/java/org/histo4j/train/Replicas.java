package org.histo4j.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.histo4j.model.MultiTaskNetwork;

/**
 * The replicas of a data-parallel training session beyond the first: one network per further device, each with its
 * own trainer (for forward and backward only; the first replica's trainer owns the optimiser). After every replica
 * has back-propagated its shard, {@link #reduceInto} sums their gradients onto the first replica's (and zeroes
 * theirs); after the first replica's update, {@link #broadcast} copies its parameters back out. Batch-norm running
 * statistics are not broadcast after a step: each replica keeps the statistics of its own shards, and checkpoints
 * hold the first replica's.
 */
final class Replicas implements AutoCloseable {

    /** One further replica. */
    record Replica(Model model, MultiTaskNetwork network, Trainer trainer) {}

    private final List<Replica> replicas;

    private Replicas(List<Replica> replicas) {
        this.replicas = replicas;
    }

    /** Replicas of {@code main} on {@code devices} (possibly none), each a new network from {@code networks}. */
    static Replicas create(MultiTaskNetwork main, Supplier<MultiTaskNetwork> networks, List<Device> devices) {
        List<Replica> made = new ArrayList<>();
        Replicas replicas = new Replicas(made);
        try {
            for (Device device : devices) {
                Model model = Model.newInstance("histo4j-replica", device);
                made.add(new Replica(model, null, null));
                MultiTaskNetwork network = networks.get();
                model.setBlock(network);
                network.initialize(model.getNDManager());
                Trainer trainer = model.newTrainer(new DefaultTrainingConfig(new MultiTaskLoss())
                        .optDevices(new Device[] {device}));
                made.set(made.size() - 1, new Replica(model, network, trainer));
            }
            replicas.broadcast(main, true);
            return replicas;
        } catch (RuntimeException e) {
            replicas.close();
            throw e;
        }
    }

    /** The further replicas, in device order. */
    List<Replica> list() {
        return replicas;
    }

    /** Freezes or unfreezes every replica's encoder as the first replica's. */
    void setEncoderFrozen(boolean frozen) {
        for (Replica replica : replicas) {
            if (replica.network().isEncoderFrozen() != frozen) {
                replica.network().setEncoderFrozen(frozen);
            }
        }
    }

    /**
     * Gives every trained parameter of {@code main} a gradient (zero) before the replicas back-propagate: a head
     * whose task is absent from the first shard would otherwise have no gradient to add the others' to.
     */
    void primeGradients(Trainer trainer, MultiTaskNetwork main) {
        if (replicas.isEmpty()) {
            return;
        }
        try (NDManager scope = trainer.getManager().newSubManager();
                GradientCollector collector = trainer.newGradientCollector()) {
            NDArray zero = scope.zeros(new Shape());
            for (Parameter parameter : main.namedParameters().values()) {
                if (parameter.requiresGradient()) {
                    NDArray sum = parameter.getArray().sum();
                    sum.attach(scope);
                    NDArray term = sum.mul(0f);
                    term.attach(scope);
                    zero = zero.add(term);
                }
            }
            collector.backward(zero);
        }
    }

    /** Adds every replica's gradients onto {@code main}'s (moved to its device) and zeroes the replicas'. */
    void reduceInto(MultiTaskNetwork main) {
        if (replicas.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Parameter> entry : main.namedParameters().entrySet()) {
            Parameter target = entry.getValue();
            if (!target.requiresGradient()) {
                continue;
            }
            try (NDArray sum = target.getArray().getGradient()) {
                for (Replica replica : replicas) {
                    try (NDArray own = replica.network().namedParameters().get(entry.getKey()).getArray()
                            .getGradient()) {
                        NDArray moved = own.toDevice(sum.getDevice(), false);
                        sum.addi(moved);
                        if (moved != own) {
                            moved.close();
                        }
                        own.subi(own);
                    }
                }
            }
        }
    }

    /**
     * Copies {@code main}'s parameters into every replica, in place: the trained ones only, or with {@code all}
     * also the batch-norm running statistics (after initialisation, loading or batch-norm adaptation).
     */
    void broadcast(MultiTaskNetwork main, boolean all) {
        for (Replica replica : replicas) {
            Map<String, Parameter> theirs = replica.network().namedParameters();
            for (Map.Entry<String, Parameter> entry : main.namedParameters().entrySet()) {
                if (!all && !entry.getValue().requiresGradient()) {
                    continue;
                }
                NDArray source = entry.getValue().getArray();
                NDArray target = theirs.get(entry.getKey()).getArray();
                NDArray moved = source.toDevice(target.getDevice(), false);
                target.set(new NDIndex(":"), moved);
                if (moved != source) {
                    moved.close();
                }
            }
        }
    }

    /** Closes the replicas' trainers and models. */
    @Override
    public void close() {
        for (Replica replica : replicas) {
            try {
                if (replica.trainer() != null) {
                    replica.trainer().close();
                }
            } finally {
                replica.model().close();
            }
        }
    }
}
