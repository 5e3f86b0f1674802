package org.robustj.certify.bounds;

import java.util.Map;
import java.util.Set;
import org.robustj.model.graph.Add;
import org.robustj.model.graph.AvgPool;
import org.robustj.model.graph.BatchNorm;
import org.robustj.model.graph.Clip;
import org.robustj.model.graph.Conv2d;
import org.robustj.model.graph.Flatten;
import org.robustj.model.graph.Ceil;
import org.robustj.model.graph.Floor;
import org.robustj.model.graph.GlobalAvgPool;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.MaxPool;
import org.robustj.model.graph.Normalize;
import org.robustj.model.graph.Op;
import org.robustj.model.graph.Relu;
import org.robustj.model.graph.Round;
import org.robustj.model.graph.Sign;
import org.robustj.model.graph.ScalarAffine;

/**
 * The bound rule of every operator of the layer graph, one entry per {@code Op} record. Java 17 has no
 * pattern {@code switch} over a sealed interface, so exhaustiveness is checked by {@code RulesTest}, which
 * compares this table with {@code Op.class.getPermittedSubclasses()}: a new operator without a rule fails the
 * build. To add one, write its rule class here and add one line to the table.
 */
final class Rules {
    private static final BoundRule AFFINE = new AffineRule();
    private static final BoundRule POOLING = new PoolingRule();
    private static final BoundRule STEP = new StepRule();

    private static final Map<Class<? extends Op>, BoundRule> BY_OP = Map.ofEntries(
            Map.entry(Linear.class, new LinearRule()),
            Map.entry(Conv2d.class, new ConvolutionRule()),
            Map.entry(Relu.class, new ReluRule()),
            Map.entry(BatchNorm.class, AFFINE),
            Map.entry(Normalize.class, AFFINE),
            Map.entry(ScalarAffine.class, AFFINE),
            Map.entry(Flatten.class, new ShapeRule()),
            Map.entry(AvgPool.class, POOLING),
            Map.entry(GlobalAvgPool.class, POOLING),
            Map.entry(MaxPool.class, POOLING),
            Map.entry(Add.class, new AddRule()),
            Map.entry(Round.class, STEP),
            Map.entry(Floor.class, STEP),
            Map.entry(Ceil.class, STEP),
            Map.entry(Sign.class, STEP),
            Map.entry(Clip.class, new ClipRule()));

    private Rules() {}

    static BoundRule of(Op op) {
        BoundRule r = BY_OP.get(op.getClass());
        if (r == null) throw new IllegalStateException("no bound rule for " + op.getClass().getSimpleName());
        return r;
    }

    /** The operator types that have a rule. */
    static Set<Class<? extends Op>> covered() {
        return BY_OP.keySet();
    }
}
