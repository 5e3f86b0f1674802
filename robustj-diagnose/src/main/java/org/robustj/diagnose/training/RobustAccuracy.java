package org.robustj.diagnose.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.robustj.attack.Attack;
import org.robustj.attack.AttackContext;
import org.robustj.attack.AttackRegistry;
import org.robustj.attack.AttackResult;
import org.robustj.attack.Inputs;
import org.robustj.attack.LabeledBatch;
import org.robustj.data.Dataset;
import org.robustj.model.Classifier;
import org.robustj.provenance.Seeds;
import org.robustj.threat.Norm;
import org.robustj.threat.ThreatModel;

/**
 * Adversarial accuracy of a model on a data set, what the training probes report next to their own measurement:
 * a point counts only when it is classified correctly at the attack's output (clean errors are not robust).
 * PGD with one random start, {@code steps} steps of {@code relStep}·ε (the reference's delayed-robustness attack
 * and the catastrophic-overfitting guard: 10 steps, random start, ℓ∞), or FGSM (one step of ε from the clean
 * point, the attack an FGSM-trained model is fitted to).
 */
public final class RobustAccuracy {
    private RobustAccuracy() {}

    /** PGD accuracy; each batch of 250 points gets its own seed derived from {@code seed}. */
    public static double pgd(Classifier model, Dataset data, Norm norm, double eps, int steps, double relStep,
            long seed) {
        Attack pgd = AttackRegistry.create("pgd", Map.of("steps", steps, "rel_step_size", relStep, "restarts", 1,
                "random_start", true, "early_stop", true));
        return accuracy(pgd, model, data, norm, eps, seed);
    }

    /** FGSM accuracy (deterministic: FGSM draws nothing). */
    public static double fgsm(Classifier model, Dataset data, Norm norm, double eps) {
        return accuracy(AttackRegistry.create("fgsm", Map.of()), model, data, norm, eps, 0);
    }

    private static double accuracy(Attack attack, Classifier model, Dataset data, Norm norm, double eps, long seed) {
        ThreatModel threat = new ThreatModel(norm, eps, 0, 1);
        int robust = 0;
        int batchNo = 0;
        for (int[] idx : Dataset.batches(data.allIndices(), 250)) {
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray x = data.batch(scope, idx);
                int[] y = new int[idx.length];
                for (int k = 0; k < idx.length; k++) y[k] = data.label(idx[k]);
                AttackResult r = attack.run(model, new LabeledBatch(x, y), threat,
                        AttackContext.seeded(Seeds.derive(seed, "batch/" + batchNo++)));
                int[] pred = Inputs.argmaxChecked(model.logits(r.adversarial()), model.source());
                for (int k = 0; k < idx.length; k++) if (pred[k] == y[k]) robust++;
            }
        }
        return data.size() == 0 ? Double.NaN : robust / (double) data.size();
    }
}
