package org.robustj.attack.ensemble;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.eval.RunRecord;

/**
 * The resumable state of an ensemble evaluation, saved as JSON after every batch: per ε the robust flags,
 * who broke each point, norms, adversarial labels and inputs, which attacks finished and which points the
 * running attack already attacked. A state made with another configuration (model, data, attacks, ε,
 * seed) is refused, so a resumed run can never mix results.
 */
public final class EvaluationState {
    /** Identity of the configuration that produced this state. */
    public String fingerprint;
    /** Seconds spent so far, over every session (updated at each save). */
    public double seconds;
    /** One entry per ε, in the order of the configuration. */
    public List<PerEps> eps = new ArrayList<>();

    /** State at one ε. */
    public static final class PerEps {
        public double eps;
        public boolean[] robust;
        public String[] brokenBy;
        public Float[] norm;
        public Float[] minimalNorm;
        public Integer[] advLabel;
        /** Search queries spent on each point by the attacks so far (null entries: not counted per point). */
        public Long[] queries;
        /**
         * Predictive entropy (nats) of each broken point's adversarial input, for randomized models and runs with an
         * attack that keeps it low ({@code low-entropy}); null when not recorded.
         */
        public Float[] entropy;
        /**
         * Predictive entropy (nats) of each correctly classified clean input when entropies are recorded (null
         * entries: misclassified); the detector's reference sample, recomputed in every session (the content-keyed
         * logits make it the same), so not written to the state file.
         */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public Float[] cleanEntropy;
        /** Adversarial inputs of broken points, by point position. */
        public Map<Integer, float[]> adversarial = new LinkedHashMap<>();
        public List<String> attacksDone = new ArrayList<>();
        /** The attack in progress and the point positions it already attacked. */
        public String current;
        public List<Integer> currentDone = new ArrayList<>();
        /** What the attack in progress did in its finished batches: points broken, model calls, seconds. */
        public int currentBroken;
        public long currentCalls;
        public double currentSeconds;
        /** Queries per point the attack in progress spent on the points it broke so far (finished batches). */
        public List<Long> currentQueries = new ArrayList<>();
        public List<RunRecord.AttackSummary> summaries = new ArrayList<>();
    }

    /** Loads a state file, or returns null when it does not exist; refuses a different configuration. */
    public static EvaluationState load(Path file, String fingerprint) {
        return org.robustj.io.StateFiles.load(file, EvaluationState.class, st -> st.fingerprint, fingerprint,
                "a different evaluation (model, data, attacks, eps or seed differ)");
    }

    /** Saves atomically (no-op without a file). */
    public void save(Path file) {
        org.robustj.io.StateFiles.save(file, this);
    }
}
