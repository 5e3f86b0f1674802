package org.robustj.diagnose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.LabeledBatch;
import org.robustj.attack.ensemble.AutoEvaluation;
import org.robustj.attack.ensemble.EvaluationConfig;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.threat.ThreatModel;

/**
 * Adversarial inputs for every point, from the attacks of an evaluate-style configuration (a version or an
 * attack list, with its options, norm and ε): the attacks run in order, each on the points no earlier attack
 * broke; a point keeps the first candidate that is misclassified, and a point no attack broke keeps the last
 * attack's candidate (its highest-loss point in the ball, as Su et al. feed PGD's output whether or not it
 * succeeds), never the clean input. Each (attack, ε, batch) gets its own seed derived from the root seed;
 * batches are fixed by point index, so a point's input does not depend on which others were broken.
 */
public final class AdversarialInputs {
    private AdversarialInputs() {}

    /**
     * The adversarial inputs at one ε.
     *
     * @param inputs n × d floats in the data set's order
     * @param broken whether the point's input is misclassified
     */
    public record AtEps(double eps, float[] inputs, boolean[] broken) {
        /** The fraction of points the attacks broke (clean errors included). */
        public double brokenFraction() {
            int b = 0;
            for (boolean x : broken) if (x) b++;
            return b / (double) broken.length;
        }
    }

    /** Adversarial inputs at every ε of {@code cfg}, in its order. */
    public static List<AtEps> generate(Classifier model, Dataset data, EvaluationConfig cfg,
            DiagnosticListener listener) {
        List<Attack> attacks = new AutoEvaluation(cfg).plan(model.numClasses()).attacks();
        int n = data.size();
        int d = (int) data.sampleShape().size();
        List<AtEps> out = new ArrayList<>();
        for (double eps : cfg.epsilons()) {
            ThreatModel threat = new ThreatModel(cfg.norm(), eps, 0, 1);
            float[] adv = data.values(data.allIndices());
            boolean[] broken = new boolean[n];
            for (Attack attack : attacks) {
                listener.stageStarted(attack.name() + " " + cfg.norm().id() + " eps "
                        + org.robustj.threat.Epsilon.format(eps), n, "pt");
                int done = 0;
                int batchNo = 0;
                for (int[] idx : Dataset.batches(data.allIndices(), cfg.batchSize())) {
                    long seed = Seeds.derive(cfg.seed(), "diagnose/" + attack.name() + "/" + eps + "/" + (batchNo++));
                    int[] todo = java.util.Arrays.stream(idx).filter(i -> !broken[i]).toArray();
                    if (todo.length > 0) {
                        attackBatch(model, data, attack, threat, seed, todo, adv, broken, d);
                    }
                    done += idx.length;
                    listener.progress(done);
                }
                listener.stageFinished();
            }
            out.add(new AtEps(eps, adv, broken));
        }
        return out;
    }

    private static void attackBatch(Classifier model, Dataset data, Attack attack, ThreatModel threat, long seed,
            int[] todo, float[] adv, boolean[] broken, int d) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray x = data.batch(scope, todo);
            int[] y = new int[todo.length];
            for (int k = 0; k < todo.length; k++) y[k] = data.label(todo[k]);
            NDArray cand = attack.perturb(model, new LabeledBatch(x, y), threat, AttackContext.seeded(seed));
            float[] c = cand.toFloatArray();
            long[] pred = model.logits(cand).argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                    .toLongArray();
            for (int k = 0; k < todo.length; k++) {
                System.arraycopy(c, k * d, adv, todo[k] * d, d);
                broken[todo[k]] = pred[k] != y[k];
            }
        }
    }
}
