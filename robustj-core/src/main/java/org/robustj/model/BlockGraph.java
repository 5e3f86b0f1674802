package org.robustj.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Op;

/**
 * A {@link BlockClassifier}'s layer graph, kept in step with its DJL block. Linear and Conv2d nodes hold the
 * block's own parameter arrays (the same objects, so gradients through {@link LayerGraph#forward} reach the
 * model's weights, and in-place optimiser steps are seen at once); folded BatchNorm arrays live in a
 * sub-manager of the model's and are refreshed on every {@link #refresh}. When the block's parameter arrays
 * are replaced (weights loaded), {@link #isCurrent} turns false and the owner builds a new graph.
 */
final class BlockGraph implements AutoCloseable {
    private final NDManager manager;
    private final LayerGraph graph;
    private final List<NDArray> arrays;
    private final List<FoldedBatchNorm> folds;

    /** What a {@link GraphRecipe.Maker} may ask for while the graph is built. */
    final class Context {
        private Context() {}

        /** The folded graph operator of a DJL BatchNorm layer. */
        Op fold(ai.djl.nn.norm.BatchNorm layer) {
            FoldedBatchNorm f = new FoldedBatchNorm(layer, manager);
            folds.add(f);
            return f.op();
        }
    }

    BlockGraph(GraphRecipe recipe, Block block, Shape inputShape, NDManager parent) {
        this.manager = parent.newSubManager();
        this.folds = new ArrayList<>();
        this.arrays = arrays(block);
        try {
            Context context = new Context();
            List<Node> nodes = new ArrayList<>();
            for (GraphRecipe.Step s : recipe.steps()) {
                nodes.add(new Node(s.name(), s.maker().make(context), s.inputs()));
            }
            this.graph = new LayerGraph(inputShape, nodes);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    LayerGraph graph() {
        return graph;
    }

    /** Whether the block still holds the parameter arrays this graph was built on. */
    boolean isCurrent(Block block) {
        List<NDArray> now = arrays(block);
        if (now.size() != arrays.size()) return false;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) != arrays.get(i)) return false;
        }
        return true;
    }

    /** Re-folds every BatchNorm from the block's current statistics (cheap: a few vectors per layer). */
    void refresh() {
        for (FoldedBatchNorm f : folds) f.refresh();
    }

    /** Whether some node is a folded BatchNorm (which {@link #refresh} must keep current). */
    boolean hasFolds() {
        return !folds.isEmpty();
    }

    private static List<NDArray> arrays(Block block) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().isInitialized() ? p.getValue().getArray() : null);
        }
        return out;
    }

    /** Frees the folded arrays (the parameter arrays belong to the model). */
    @Override
    public void close() {
        manager.close();
    }
}
