package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.robustj.errors.ModelLoadException;
import org.robustj.model.graph.LayerGraph;

/**
 * A classifier built from robustj's own architectures: a DJL {@link SequentialBlock} of named layers.
 * It is the trainable kind of {@link Classifier}: {@link #forward(NDArray, boolean)} runs in training mode
 * for trainers, and {@link #setWeightGradients} decides whether backward passes compute weight gradients
 * (off by default, so attacks pay only for input gradients). Its {@link #graph()} is the typed description the
 * architecture builder recorded, over the same weights; {@link #layers()} and {@link #activations} are the
 * graph's nodes.
 */
public final class BlockClassifier implements Classifier {
    private final NDManager manager;
    private final SequentialBlock block;
    private final GraphRecipe recipe;
    private final List<String> layerNames;
    private BlockGraph graph;
    private final Shape inputShape;
    private final int numClasses;
    private final ParameterStore store;
    private ModelCard card;
    private String source;
    private String sha256;

    private BlockClassifier(NDManager manager, Architectures.Built built, Shape inputShape, int numClasses,
            ModelCard card) {
        this.manager = manager;
        this.block = built.block();
        this.recipe = built.graph();
        List<String> names = new ArrayList<>();
        for (GraphRecipe.Step st : recipe.steps()) names.add(st.name());
        this.layerNames = List.copyOf(names);
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.card = card;
        this.store = new ParameterStore(manager, false);
        this.source = card.name();
        this.sha256 = card.weightsSha256();
    }

    /**
     * A freshly initialised network for a card's architecture; {@code initSeed} seeds the engine's
     * generator used by the weight initialisers.
     */
    public static BlockClassifier create(NDManager parent, ModelCard card, long initSeed) {
        NDManager m = parent.newSubManager();
        Shape input = new Shape(card.inputShape().stream().mapToLong(Long::longValue).toArray());
        Architectures.Built built = Architectures.build(card.architecture(), card.architectureOptions(), input,
                card.numClasses());
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) initSeed);
        long[] dims = new long[input.dimension() + 1];
        dims[0] = 1;
        System.arraycopy(input.getShape(), 0, dims, 1, input.dimension());
        built.block().initialize(m, DataType.FLOAT32, new Shape(dims));
        BlockClassifier c = new BlockClassifier(m, built, input, card.numClasses(), card);
        c.setWeightGradients(false);
        return c;
    }

    /** Loads weights saved by {@link #save} into a network built from the card. */
    public static BlockClassifier load(NDManager parent, ModelCard card, DataInputStream weights, String source) {
        BlockClassifier c = create(parent, card, 0);
        try {
            c.block.loadParameters(c.manager, weights);
        } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
            c.close();
            throw new ModelLoadException("cannot load weights of " + source + ": they do not match architecture "
                    + card.architecture() + " " + card.architectureOptions() + " (" + oneLine(e) + ")", e);
        }
        c.setWeightGradients(false);
        c.source = source;
        return c;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** Writes the weights (and BatchNorm statistics) in DJL's parameter format. */
    public void save(DataOutputStream out) throws IOException {
        block.saveParameters(out);
    }

    @Override
    public NDArray logits(NDArray x) {
        return forward(x, false);
    }

    /** A forward pass; {@code training} selects batch statistics for BatchNorm (and updates them). */
    public NDArray forward(NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** Turns weight gradients on (for training) or off (for attacks and evaluation). */
    public void setWeightGradients(boolean on) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.isInitialized() && param.requiresGradient()) {
                param.getArray().setRequiresGradient(on);
            }
        }
    }

    /** The trainable parameters, by their DJL path names. */
    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p);
        }
        return out;
    }

    /** The trainable arrays (weights, biases, BatchNorm γ and β; not the running statistics), in block order. */
    @Override
    public List<NDArray> weights() {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.isInitialized() && param.requiresGradient()) {
                out.add(param.getArray());
            }
        }
        return out;
    }

    /** Number of scalar parameters (weights and BatchNorm statistics). */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /** The underlying DJL block. */
    public Block block() {
        return block;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** The graph's node names in forward order (PreAct blocks as {@code layer1.0.conv1} … {@code layer1.0}). */
    @Override
    public List<String> layers() {
        return layerNames;
    }

    /** Outputs of the named graph nodes, computed by {@link LayerGraph#forward(NDArray, java.util.Collection)}. */
    @Override
    public Map<String, NDArray> activations(NDArray x, List<String> names) {
        for (String n : names) {
            if (!layerNames.contains(n)) {
                throw new IllegalArgumentException("no layer '" + n + "'; layers: " + layerNames);
            }
        }
        Map<String, NDArray> all = graphNow().forward(x, names);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            if (names.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * The network as a typed layer graph: Linear and Conv2d nodes hold this block's own parameter arrays (so
     * gradients through {@link LayerGraph#forward} reach them and optimiser steps show at once), BatchNorm is
     * folded from the running statistics (eval mode; a snapshot, no gradient to γ and β), refreshed on every
     * call. After weights are loaded the graph is rebuilt; call {@code graph()} again after training steps.
     */
    @Override
    public Optional<LayerGraph> graph() {
        return Optional.of(graphNow());
    }

    private synchronized LayerGraph graphNow() {
        if (graph == null || !graph.isCurrent(block)) {
            if (graph != null) {
                graph.close();
            }
            graph = new BlockGraph(recipe, block, inputShape, manager);
        } else if (graph.hasFolds()) {
            graph.refresh();
        }
        return graph.graph();
    }

    /** Logits, input gradients, trainable weights and a readable layer graph. */
    @Override
    public Set<ModelCapability> capabilities() {
        return EnumSet.of(ModelCapability.LOGITS, ModelCapability.INPUT_GRADIENTS, ModelCapability.PARAMETER_GRADIENTS,
                ModelCapability.LAYER_GRAPH); // listed, not allOf: a deterministic model is never RANDOMIZED
    }

    @Override
    public ModelCard card() {
        return card;
    }

    /** Replaces the card (after training or evaluation). */
    public void setCard(ModelCard card) {
        this.card = card;
        this.sha256 = card.weightsSha256();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
