package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Op;

/**
 * What an architecture builder recorded about the network it built: for every DJL layer, the typed graph
 * node(s) it is and which nodes they read. It holds the DJL layers, not their arrays, because weights exist
 * only after initialisation and are replaced when saved weights are loaded; {@link BlockGraph} turns it into
 * a {@link LayerGraph} over the block's current parameter arrays.
 */
public final class GraphRecipe {
    /** Makes one node's operator from its (initialised) DJL layer. */
    interface Maker {
        Op make(BlockGraph.Context context);
    }

    /** One recorded node. */
    record Step(String name, List<String> inputs, Maker maker) {}

    private final List<Step> steps = new ArrayList<>();
    private String last = LayerGraph.INPUT;

    GraphRecipe() {}

    /** Records a node that reads {@code inputs}; returns its name. */
    String node(String name, List<String> inputs, Maker maker) {
        steps.add(new Step(name, List.copyOf(inputs), maker));
        last = name;
        return name;
    }

    /** Records a node that reads the node recorded last (or the input); returns its name. */
    String then(String name, Maker maker) {
        return node(name, List.of(last), maker);
    }

    /** Name of the node recorded last ({@link LayerGraph#INPUT} before any). */
    String last() {
        return last;
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }

    /** A parameter-free operator. */
    static Maker fixed(Op op) {
        return c -> op;
    }

    /** A DJL fully connected layer: its own weight (out×in) and bias arrays. */
    static Maker linear(ai.djl.nn.core.Linear layer) {
        return c -> new Linear(array(layer, "weight"), optionalArray(layer, "bias"));
    }

    /** A DJL 2-D convolution: its own weight (out×in×kh×kw) and bias arrays, stride, padding, dilation. */
    static Maker conv(ai.djl.nn.convolutional.Conv2d layer) {
        return c -> new Conv2d(array(layer, "weight"), layer.isIncludeBias() ? array(layer, "bias") : null,
                pair(layer.getStride()), pair(layer.getPadding()), pair(layer.getDilation()), layer.getGroups());
    }

    /** A DJL BatchNorm layer, folded for eval mode from its running statistics. */
    static Maker batchNorm(ai.djl.nn.norm.BatchNorm layer) {
        return c -> c.fold(layer);
    }

    private static int[] pair(ai.djl.ndarray.types.Shape s) {
        return new int[] {(int) s.get(0), (int) s.get(1)};
    }

    static NDArray array(Block layer, String name) {
        Parameter p = layer.getDirectParameters().get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("layer parameter '" + name + "' is missing or not initialised");
        }
        return p.getArray();
    }

    private static NDArray optionalArray(Block layer, String name) {
        Parameter p = layer.getDirectParameters().get(name);
        return p == null ? null : array(layer, name);
    }
}
