package org.robustj.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustj.attack.ensemble.EvaluationResult;
import org.robustj.attack.ensemble.EvaluationState;
import org.robustj.data.Dataset;

/**
 * Clean and adversarial inputs of a few broken points, as plain float arrays, for the report's image
 * gallery. Taken from the real tensors of a run (the ensemble's kept adversarial inputs at the headline
 * ε), never re-computed.
 *
 * @param classNames class names of the data set (index = label)
 * @param shape one sample's shape, {@code C×H×W} or {@code D}
 * @param examples the points shown, in data-set order
 * @param brokenByAttacks how many points an attack broke at the headline ε (the gallery shows at most
 *     {@code examples.size()} of them)
 */
public record Gallery(List<String> classNames, long[] shape, List<Example> examples, int brokenByAttacks) {

    /**
     * One broken point.
     *
     * @param index position in the evaluated points
     * @param label true label
     * @param cleanPrediction the model's label on the clean input
     * @param adversarialPrediction the model's label on the adversarial input
     * @param brokenBy the attack that broke it
     * @param norm the perturbation's norm in the threat model's norm
     * @param clean the clean input, values in [0, 1]
     * @param adversarial the adversarial input, values in [0, 1]
     */
    public record Example(int index, int label, int cleanPrediction, int adversarialPrediction, String brokenBy,
            float norm, float[] clean, float[] adversarial) {}

    /** An empty gallery (no adversarial inputs were kept). */
    public static Gallery empty() {
        return new Gallery(List.of(), new long[0], List.of(), 0);
    }

    /**
     * The first {@code max} points broken by an attack at the headline ε of {@code r}, which must have been
     * run with {@code keepAdversarial}; points the model already got wrong are not shown.
     */
    public static Gallery of(EvaluationResult r, Dataset data, int max) {
        EvaluationState.PerEps head = r.perEps().get(0);
        List<Example> out = new ArrayList<>();
        int broken = 0;
        int d = (int) data.sampleShape().size();
        for (int i = 0; i < data.size(); i++) {
            if (!r.clean().correct()[i] || head.robust[i]) {
                continue;
            }
            broken++;
            Map<Integer, float[]> adv = head.adversarial;
            float[] a = adv.get(i);
            if (a == null || a.length != d || out.size() >= max) {
                continue;
            }
            float[] c = data.values(new int[] {i});
            out.add(new Example(r.points()[i], data.label(i), r.clean().predictions()[i], head.advLabel[i], head.brokenBy[i],
                    head.norm[i] == null ? Float.NaN : head.norm[i], c, a.clone()));
        }
        return new Gallery(data.classNames(), data.sampleShape().getShape(), out, broken);
    }

    /** The class name of {@code label}, or the number when names are unknown. */
    public String className(int label) {
        return classNames != null && label >= 0 && label < classNames.size() ? classNames.get(label)
                : Integer.toString(label);
    }
}
