package org.robustj.benchmark.corruption;

/**
 * One image as a corruption sees it: {@code channels × height × width} values in [0, 1], channel-major
 * ({@code v[(c * height + y) * width + x]}), in double precision so that a chain of filters rounds once, at the
 * end. Corruptions never modify their input; they return a new image.
 *
 * @param channels 1 (MNIST) or 3 (CIFAR-10, RGB)
 * @param height rows
 * @param width columns
 * @param v the values
 */
public record Image(int channels, int height, int width, double[] v) {

    /** Checks the size of {@code v}. */
    public Image {
        if (channels < 1 || height < 1 || width < 1 || v.length != channels * height * width) {
            throw new IllegalArgumentException("image " + channels + "x" + height + "x" + width + " cannot hold "
                    + v.length + " values");
        }
    }

    /** An image of zeros shaped like this one. */
    public Image blank() {
        return new Image(channels, height, width, new double[v.length]);
    }

    /** A copy. */
    public Image copy() {
        return new Image(channels, height, width, v.clone());
    }

    /** The value at channel {@code c}, row {@code y}, column {@code x}. */
    public double get(int c, int y, int x) {
        return v[(c * height + y) * width + x];
    }

    /** Sets the value at channel {@code c}, row {@code y}, column {@code x}. */
    public void set(int c, int y, int x, double value) {
        v[(c * height + y) * width + x] = value;
    }

    /** The image from float values (as a data set stores them), channel-major. */
    public static Image of(float[] values, int channels, int height, int width) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return new Image(channels, height, width, d);
    }

    /** Every value clipped into [0, 1] (NaN becomes 0), in place; returns this image. */
    public Image clip() {
        for (int i = 0; i < v.length; i++) {
            double a = v[i];
            v[i] = a > 1 ? 1 : a >= 0 ? a : 0;
        }
        return this;
    }

    /**
     * The 8-bit pixel of each value, {@code round(255·v)} clipped to 0..255: how the reference's inputs are stored
     * (PIL images of the uint8 data set) and how an image travels through PNG or JPEG.
     */
    public int[] toBytes() {
        int[] b = new int[v.length];
        for (int i = 0; i < b.length; i++) {
            long r = Math.round(v[i] * 255);
            b[i] = (int) Math.max(0, Math.min(255, r));
        }
        return b;
    }

    /** The image of 8-bit pixels (value / 255). */
    public static Image ofBytes(int[] bytes, int channels, int height, int width) {
        double[] d = new double[bytes.length];
        for (int i = 0; i < d.length; i++) d[i] = bytes[i] / 255.0;
        return new Image(channels, height, width, d);
    }
}
