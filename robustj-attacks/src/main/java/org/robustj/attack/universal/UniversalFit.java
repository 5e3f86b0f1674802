package org.robustj.attack.universal;

import java.util.List;

/**
 * What fitting a universal perturbation produced: v itself (one input's worth of values, channel-major, in the
 * threat model's ball), the fooling rate on the fitting points as the method last measured it, a trace of the
 * method's checkpoints, why it stopped, and the model calls it made.
 *
 * @param perturbation v, flattened like one input (C×H×W)
 * @param fitFoolingRate fraction of fitting points whose prediction v changes
 * @param trace one entry per pass ({@code uap}) or validation ({@code gd-uap})
 * @param stopReason e.g. "fooling rate 0.812 >= 0.8" or "10 validations without improvement"
 * @param modelCalls inputs passed through the model (forward or forward and backward)
 */
public record UniversalFit(float[] perturbation, double fitFoolingRate, List<Checkpoint> trace, String stopReason,
        long modelCalls) {

    /**
     * One checkpoint of the fit.
     *
     * @param step the pass ({@code uap}, from 1) or iteration ({@code gd-uap})
     * @param foolingRate fooling rate on the fitting points there
     * @param norm ‖v‖ in the threat model's norm there
     * @param updates DeepFool updates accepted in the pass ({@code uap}; null otherwise)
     * @param saturation fraction of coordinates at ±ε ({@code gd-uap}; null otherwise)
     */
    public record Checkpoint(int step, double foolingRate, double norm, Integer updates, Double saturation) {}

    public UniversalFit {
        perturbation = perturbation.clone();
        trace = List.copyOf(trace);
    }
}
