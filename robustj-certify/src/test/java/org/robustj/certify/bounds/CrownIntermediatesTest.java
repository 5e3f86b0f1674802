package org.robustj.certify.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.robustj.model.graph.LayerGraph;
import org.robustj.model.graph.Linear;
import org.robustj.model.graph.Node;
import org.robustj.model.graph.Relu;
import org.robustj.tensor.Engines;
import org.robustj.threat.Norm;

/**
 * Full CROWN against a plain double-precision CROWN written here for fully connected ReLU nets: robustj's
 * {@code crown} must never be looser than CROWN with CROWN-only intermediate bounds (auto_LiRPA's CROWN: the
 * neurons unstable under IBP get their CROWN bounds, the others keep IBP's), and must equal the better, per
 * margin, of that bound and the one from the tight intermediates (the IBP of the tight chain intersected with
 * CROWN bounds relaxed from the tight chain). Both are computed by the reference below, in doubles.
 */
class CrownIntermediatesTest {
    static {
        Engines.pytorch();
    }

    @Property(tries = 40, seed = "31")
    void crownIsTheBetterOfPlainAndTightIntermediates(@ForAll @IntRange(min = 0, max = 100000) int seed,
            @ForAll @DoubleRange(min = 0.05, max = 0.5) double eps) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] widths = {3, 6, 6, 5, 4};
        int layers = widths.length - 1;
        double[][][] w = new double[layers][][];
        double[][] b = new double[layers][];
        try (NDManager m = NDManager.newBaseManager()) {
            List<Node> nodes = new ArrayList<>();
            String prev = LayerGraph.INPUT;
            for (int l = 0; l < layers; l++) {
                float[][] wf = new float[widths[l + 1]][widths[l]];
                float[] bf = new float[widths[l + 1]];
                w[l] = new double[wf.length][widths[l]];
                b[l] = new double[bf.length];
                for (int o = 0; o < wf.length; o++) {
                    for (int i = 0; i < widths[l]; i++) {
                        wf[o][i] = (float) Norm.gaussian(r);
                        w[l][o][i] = wf[o][i];
                    }
                    bf[o] = (float) (0.5 * Norm.gaussian(r));
                    b[l][o] = bf[o];
                }
                nodes.add(new Node("fc" + l, new Linear(m.create(wf), m.create(bf)), List.of(prev)));
                prev = "fc" + l;
                if (l < layers - 1) {
                    nodes.add(new Node("relu" + l, new Relu(), List.of(prev)));
                    prev = "relu" + l;
                }
            }
            LayerGraph g = new LayerGraph(new Shape(widths[0]), nodes);
            float[] x = new float[widths[0]];
            double[] lo = new double[x.length];
            double[] hi = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
                lo[i] = Math.max(0, x[i] - eps);
                hi[i] = Math.min(1, x[i] + eps);
            }
            int k = widths[layers];
            int y = r.nextInt(k);
            NDArray c = Bounds.marginSpec(m, new int[] {y}, k);
            float[] crown = Bounds.crown(g, new InputSet(m.create(x, new Shape(1, x.length)), Norm.LINF, eps), c)
                    .lower().toFloatArray();

            Reference ref = new Reference(w, b, lo, hi);
            for (int row = 0; row < k - 1; row++) {
                double[] spec = new double[k];
                spec[y] = 1;
                spec[Bounds.marginClass(y, row)] = -1;
                double plain = ref.lower(layers - 1, spec, ref.plain);
                double tight = ref.lower(layers - 1, spec, ref.tight);
                double tol = 1e-4 * (1 + Math.abs(plain) + Math.abs(tight));
                assertTrue(crown[row] >= plain - tol, "crown " + crown[row] + " looser than plain CROWN " + plain);
                assertEquals(Math.max(plain, tight), crown[row], tol, "plain " + plain + ", tight " + tight);
            }
        }
    }

    /** CROWN for an MLP in doubles: the pre-activation intervals of both chains, and backward bounds. */
    private static final class Reference {
        final double[][][] w;
        final double[][] b;
        final double[] lo;
        final double[] hi;
        /** Pre-activation intervals per layer, [layer][0 = lower, 1 = upper][neuron]. */
        final double[][][] plain;
        final double[][][] tight;

        Reference(double[][][] w, double[][] b, double[] lo, double[] hi) {
            this.w = w;
            this.b = b;
            this.lo = lo;
            this.hi = hi;
            int layers = w.length;
            plain = new double[layers][][];
            tight = new double[layers][][];
            plain[0] = affine(0, new double[][] {lo, hi}, false);
            tight[0] = plain[0];
            for (int l = 1; l < layers - 1; l++) {
                plain[l] = affine(l, plain[l - 1], true);
                tight[l] = affine(l, tight[l - 1], true);
                for (int o = 0; o < plain[l][0].length; o++) {
                    if (plain[l][0][o] >= 0 || plain[l][1][o] <= 0) continue;
                    double[] e = new double[plain[l][0].length];
                    e[o] = 1;
                    double down = lower(l, e, plain);
                    e[o] = -1;
                    double up = -lower(l, e, plain);
                    plain[l][0][o] = down;
                    plain[l][1][o] = up;
                }
                for (int o = 0; o < tight[l][0].length; o++) {
                    if (tight[l][0][o] >= 0 || tight[l][1][o] <= 0) continue;
                    double[] e = new double[tight[l][0].length];
                    e[o] = 1;
                    double down = lower(l, e, tight);
                    e[o] = -1;
                    double up = -lower(l, e, tight);
                    tight[l][0][o] = Math.max(tight[l][0][o], down);
                    tight[l][1][o] = Math.min(tight[l][1][o], up);
                }
            }
        }

        /** IBP of layer l from its input interval (after the ReLU when {@code relu}). */
        private double[][] affine(int l, double[][] in, boolean relu) {
            int out = w[l].length;
            double[][] r = new double[2][out];
            for (int o = 0; o < out; o++) {
                double a = b[l][o];
                double z = b[l][o];
                for (int i = 0; i < in[0].length; i++) {
                    double l0 = relu ? Math.max(0, in[0][i]) : in[0][i];
                    double u0 = relu ? Math.max(0, in[1][i]) : in[1][i];
                    a += Math.min(w[l][o][i] * l0, w[l][o][i] * u0);
                    z += Math.max(w[l][o][i] * l0, w[l][o][i] * u0);
                }
                r[0][o] = a;
                r[1][o] = z;
            }
            return r;
        }

        /**
         * CROWN lower bound of c·(pre-activation of layer k) over the box, the ReLUs before it relaxed from
         * the given intervals: chord above, slope 1 if u &gt; −l else 0 below.
         */
        double lower(int k, double[] c, double[][][] iv) {
            double[] lam = c;
            double bias = 0;
            for (int j = k; j >= 1; j--) {
                double[] mu = new double[w[j][0].length];
                for (int o = 0; o < lam.length; o++) {
                    bias += lam[o] * b[j][o];
                    for (int i = 0; i < mu.length; i++) mu[i] += lam[o] * w[j][o][i];
                }
                double[] next = new double[mu.length];
                for (int i = 0; i < mu.length; i++) {
                    double l0 = iv[j - 1][0][i];
                    double u0 = iv[j - 1][1][i];
                    if (l0 >= 0) {
                        next[i] = mu[i];
                    } else if (u0 <= 0) {
                        next[i] = 0;
                    } else if (mu[i] >= 0) {
                        next[i] = u0 > -l0 ? mu[i] : 0;
                    } else {
                        double s = u0 / (u0 - l0);
                        next[i] = mu[i] * s;
                        bias += mu[i] * s * -l0;
                    }
                }
                lam = next;
            }
            double v = bias;
            double[] g = new double[lo.length];
            for (int o = 0; o < lam.length; o++) {
                v += lam[o] * b[0][o];
                for (int i = 0; i < lo.length; i++) g[i] += lam[o] * w[0][o][i];
            }
            for (int i = 0; i < lo.length; i++) v += g[i] >= 0 ? g[i] * lo[i] : g[i] * hi[i];
            return v;
        }
    }
}
