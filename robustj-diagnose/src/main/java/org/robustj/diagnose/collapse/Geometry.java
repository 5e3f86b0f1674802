package org.robustj.diagnose.collapse;

/**
 * The NC2 and NC3 measures of class means and classifier rows, in plain double arithmetic (C vectors of
 * dimension d, C small): equinorm, equiangularity, distance to a simplex ETF, self-duality, and the angle and
 * distance between two simplices. Definitions as in Su et al.'s eval.py (std with Bessel's correction, as
 * {@code torch.std}).
 */
public final class Geometry {
    private Geometry() {}

    /** Equinorm: std_c ||v_c|| / mean_c ||v_c|| (coefficient of variation of the norms; 0 = equal norms). */
    public static double equinorm(double[][] v) {
        int c = v.length;
        double[] norms = new double[c];
        double mean = 0;
        for (int k = 0; k < c; k++) {
            norms[k] = norm(v[k]);
            mean += norms[k] / c;
        }
        double var = 0;
        for (double x : norms) var += (x - mean) * (x - mean);
        return Math.sqrt(var / (c - 1)) / mean;
    }

    /** Equiangularity: mean over c ≠ c' of |cos(v_c, v_c') + 1/(C − 1)| (0 = a simplex's angles). */
    public static double equiangularity(double[][] v) {
        int c = v.length;
        double s = 0;
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                if (a != b) s += Math.abs(cos(v[a], v[b]) + 1.0 / (c - 1));
            }
        }
        return s / (c * (c - 1.0));
    }

    /**
     * Distance of the Gram matrix of {@code v} to a simplex ETF's: ||G/||G||_F − E/||E||_F||_F with G = v vᵀ (C ×
     * C) and E = I − 11ᵀ/C. Invariant to scale and rotation; 0 exactly for a simplex ETF.
     */
    public static double etfDistance(double[][] v) {
        int c = v.length;
        double[][] g = new double[c][c];
        double gf = 0;
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                g[a][b] = dot(v[a], v[b]);
                gf += g[a][b] * g[a][b];
            }
        }
        gf = Math.sqrt(gf);
        double ef = Math.sqrt(c - 1.0); // ||I − 11ᵀ/C||_F
        double s = 0;
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                double e = (a == b ? 1 : 0) - 1.0 / c;
                double diff = g[a][b] / gf - e / ef;
                s += diff * diff;
            }
        }
        return Math.sqrt(s);
    }

    /** Self-duality NC3: ||W/||W||_F − M̃/||M̃||_F||_F² (rows: classes), 0 when the classifier is the means. */
    public static double selfDuality(double[][] w, double[][] centred) {
        double wf = frobenius(w);
        double mf = frobenius(centred);
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < w[k].length; j++) {
                double d = w[k][j] / wf - centred[k][j] / mf;
                s += d * d;
            }
        }
        return s;
    }

    /** Mean over classes of the angle (degrees) between a[c] and b[c]. */
    public static double meanAngleDegrees(double[][] a, double[][] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos(a[k], b[k])))));
        }
        return s / a.length;
    }

    /** mean_c ||a_c − b_c|| / mean_c ||a_c|| (0 = the same simplex). */
    public static double relativeDistance(double[][] a, double[][] b) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < a.length; k++) {
            double d = 0;
            for (int j = 0; j < a[k].length; j++) d += (a[k][j] - b[k][j]) * (a[k][j] - b[k][j]);
            num += Math.sqrt(d);
            den += norm(a[k]);
        }
        return num / den;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double cos(double[] a, double[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    static double frobenius(double[][] m) {
        double s = 0;
        for (double[] r : m) s += dot(r, r);
        return Math.sqrt(s);
    }
}
