package org.robustj.diagnose.regions;

import java.util.List;

/**
 * The counts of one local-complexity measurement: for every radius, every point and every monitored layer, the
 * number of that layer's neurons whose hyperplane cuts the point's neighbourhood. Plain Java data, so it crosses
 * into records and reports.
 *
 * @param radii the radii, in the config's order
 * @param layers the monitored layers' node names
 * @param units neurons per layer
 * @param counts [radius][point][layer]
 */
public record ComplexityCounts(List<Double> radii, List<String> layers, long[] units, int[][][] counts) {
    public ComplexityCounts {
        radii = List.copyOf(radii);
        layers = List.copyOf(layers);
    }

    /** Number of points. */
    public int points() {
        return counts.length == 0 ? 0 : counts[0].length;
    }

    /** LC(x) = Σ_ℓ LC_ℓ(x) of point i at radius index r. */
    public int total(int r, int i) {
        int s = 0;
        for (int c : counts[r][i]) s += c;
        return s;
    }

    /** LC(x) of every point at radius index r. */
    public int[] totals(int r) {
        int[] t = new int[points()];
        for (int i = 0; i < t.length; i++) t[i] = total(r, i);
        return t;
    }

    /** The mean over points of LC(x) at radius index r (NaN for no points). */
    public double meanTotal(int r) {
        if (points() == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < points(); i++) s += total(r, i);
        return s / points();
    }

    /** The mean over points of LC_ℓ(x) at radius index r, layer index l. */
    public double meanLayer(int r, int l) {
        if (points() == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < points(); i++) s += counts[r][i][l];
        return s / points();
    }

    /** The mean fraction of layer l's neurons that intersect the neighbourhood, at radius index r. */
    public double meanLayerFraction(int r, int l) {
        return meanLayer(r, l) / units[l];
    }
}
