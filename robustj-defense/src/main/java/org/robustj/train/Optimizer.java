package org.robustj.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.errors.UnknownNameException;
import org.robustj.model.BlockClassifier;

/**
 * A first-order optimiser over a list of weight arrays, with all of its state (momentum buffers, moment
 * estimates, the step count) in named arrays that a checkpoint can save and restore exactly. It reads each
 * weight's accumulated gradient after a backward pass, updates the weight in place, and {@link #zeroGradients}
 * clears the gradients for the next step (the engine accumulates them otherwise).
 *
 * <p>Subclasses implement one update rule in {@link #update}; state slots are declared up front and start at
 * zero. To add an optimiser, add a subclass and a case in {@link #create}.
 */
public abstract class Optimizer implements AutoCloseable {
    private final String name;
    private final List<String> names;
    private final List<NDArray> weights;
    private final List<String> slots;
    private final NDManager manager;
    private final Map<String, NDArray> state = new LinkedHashMap<>();
    private long steps;

    /**
     * An optimiser of the given weights (name and array, all float32) with zero-initialised state
     * {@code slots} per weight, kept in a sub-manager of {@code parent}.
     */
    protected Optimizer(String name, List<Pair<String, NDArray>> weights, List<String> slots, NDManager parent) {
        this.name = name;
        this.names = new ArrayList<>();
        this.weights = new ArrayList<>();
        this.slots = List.copyOf(slots);
        this.manager = parent.newSubManager();
        for (Pair<String, NDArray> w : weights) {
            if (w.getValue().getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("weight " + w.getKey() + " is " + w.getValue().getDataType()
                        + "; optimisers handle float32 only");
            }
            names.add(w.getKey());
            this.weights.add(w.getValue());
            for (String s : slots) {
                state.put(key(w.getKey(), s), manager.zeros(w.getValue().getShape(), DataType.FLOAT32));
            }
        }
    }

    /** The optimiser a config names, over the model's trainable weights. */
    public static Optimizer create(TrainConfig c, BlockClassifier model) {
        List<Pair<String, NDArray>> w = trainable(model);
        return switch (c.optimizer()) {
            case "sgd" -> new SgdOptimizer(w, c.momentum(), c.weightDecay(), c.nesterov(), model.manager());
            case "adam" -> new AdamOptimizer(w, c.beta1(), c.beta2(), c.epsilon(), c.weightDecay(), model.manager());
            default -> throw new UnknownNameException("optimizer", c.optimizer(), TrainConfig.OPTIMIZERS);
        };
    }

    /** The weights of a model that receive gradients (not BatchNorm's running statistics), by unique name. */
    public static List<Pair<String, NDArray>> trainable(BlockClassifier model) {
        List<Pair<String, NDArray>> out = new ArrayList<>();
        int i = 0;
        for (Pair<String, Parameter> p : model.parameters()) {
            Parameter param = p.getValue();
            if (param.isInitialized() && param.requiresGradient()) {
                out.add(new Pair<>(i + ":" + p.getKey(), param.getArray()));
            }
            i++;
        }
        return out;
    }

    /** Registry name ({@code sgd}, {@code adam}). */
    public String name() {
        return name;
    }

    /** Number of updates applied so far. */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update at learning rate {@code lr} to every weight from its accumulated gradient. Runs outside
     * any gradient collector, so the in-place weight updates are not recorded.
     */
    public final void step(double lr) {
        steps++;
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                NDArray g = w.getGradient();
                g.attach(scope);
                update(i, w, g, lr, steps, scope);
            }
        }
    }

    /**
     * The update rule for weight {@code i}: change {@code w} in place from its gradient {@code g} at step
     * {@code t} (1-based); temporaries go to {@code scope}.
     */
    protected abstract void update(int i, NDArray w, NDArray g, double lr, long t, NDManager scope);

    /**
     * Moves a temporary into {@code scope} and returns it: results of operations on weights or state arrays
     * land in their managers, which would otherwise keep them until the model is closed.
     */
    protected static NDArray temp(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }

    /** State slot {@code slot} of weight {@code i}. */
    protected final NDArray slot(int i, String slot) {
        return state.get(key(names.get(i), slot));
    }

    /** Sets every weight's accumulated gradient to zero (weights that have none are skipped). */
    public void zeroGradients() {
        try (NDManager scope = manager.newSubManager()) {
            for (NDArray w : weights) {
                if (w.hasGradient()) {
                    NDArray g = w.getGradient();
                    g.attach(scope);
                    g.subi(g);
                }
            }
        }
    }

    /** The state arrays by name ({@code <weight>/<slot>}), in a fixed order; read-only. */
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(state);
    }

    /** Restores the state saved from an optimiser of the same kind over the same weights. */
    public void load(long savedSteps, Map<String, float[]> values) {
        if (!values.keySet().equals(state.keySet())) {
            throw new IllegalArgumentException("optimizer state does not match: saved " + values.keySet()
                    + ", expected " + state.keySet());
        }
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            float[] v = values.get(e.getKey());
            Shape shape = e.getValue().getShape();
            if (v.length != shape.size()) {
                throw new IllegalArgumentException("optimizer state " + e.getKey() + " has " + v.length
                        + " values, expected " + shape.size());
            }
            e.getValue().close();
            e.setValue(manager.create(v, shape));
        }
        this.steps = savedSteps;
    }

    /** Names of the per-weight state slots. */
    public List<String> slots() {
        return slots;
    }

    private static String key(String weight, String slot) {
        return weight + "/" + slot;
    }

    @Override
    public void close() {
        manager.close();
    }
}
