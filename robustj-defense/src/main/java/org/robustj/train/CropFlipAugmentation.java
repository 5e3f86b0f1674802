package org.robustj.train;

import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.robustj.errors.InvalidInputException;

/**
 * The standard CIFAR augmentation (He et al. 2016, arXiv 1512.03385): pad each C×H×W image with
 * {@code padding} zero pixels on every side, crop a random H×W window, and flip it horizontally with
 * probability 1/2 (torchvision's {@code RandomCrop(32, padding=4)} + {@code RandomHorizontalFlip()}).
 */
public final class CropFlipAugmentation implements Augmentation {
    private final int padding;

    /** Crop-and-flip with the given zero padding (4 for CIFAR-10). */
    public CropFlipAugmentation(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        this.padding = padding;
    }

    @Override
    public void apply(float[] values, int n, Shape sample, SplittableRandom rng) {
        if (sample.dimension() != 3) {
            throw new InvalidInputException("crop-flip augmentation needs C×H×W images, got samples of " + sample);
        }
        int c = (int) sample.get(0);
        int h = (int) sample.get(1);
        int w = (int) sample.get(2);
        int size = c * h * w;
        float[] src = new float[size];
        for (int i = 0; i < n; i++) {
            // offsets of the crop window in the padded image, in 0..2·padding
            int dy = rng.nextInt(2 * padding + 1) - padding;
            int dx = rng.nextInt(2 * padding + 1) - padding;
            boolean flip = rng.nextBoolean();
            int base = i * size;
            System.arraycopy(values, base, src, 0, size);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int cx = flip ? w - 1 - x : x;
                        int sx = cx + dx;
                        boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
                        values[base + (ch * h + y) * w + x] = inside ? src[(ch * h + sy) * w + sx] : 0f;
                    }
                }
            }
        }
    }
}
