package org.robustj.benchmark.corruption;

import java.util.Collections;
import java.util.SplittableRandom;

/**
 * MNIST-C's {@code stripe}: the values of the first quarter and of the last quarter of the columns inverted
 * ({@code 1 − v} on columns {@code [0, w/4)} and {@code [3w/4, w)}, columns 0–6 and 21–27 of a 28-pixel digit), so
 * that a classifier sees two bright bars beside the digit. MNIST-C has one fixed setting and no random draw; every
 * severity applies it (the five cells of the row are the same image).
 */
public final class Stripe extends Corruption {
    /** The corruption at MNIST-C's fixed setting. */
    public Stripe() {
        super("stripe", Family.DRAWING, Collections.nCopies(SEVERITIES, "columns 0–w/4 and 3w/4–w inverted (fixed)"));
    }

    @Override
    protected Image corrupt(Image x, int s, SplittableRandom rng) {
        int w = x.width(), left = w / 4, right = w - w / 4;
        for (int c = 0; c < x.channels(); c++) {
            for (int y = 0; y < x.height(); y++) {
                for (int xx = 0; xx < w; xx++) {
                    if (xx < left || xx >= right) x.set(c, y, xx, 1 - x.get(c, y, xx));
                }
            }
        }
        return x;
    }
}
