package org.robustj.data;

import org.robustj.errors.DataFormatException;

/**
 * Decodes CIFAR-10's binary version: records of 1 label byte and 3×32×32 pixel bytes (R, G, B planes),
 * 10,000 per file; raw or gzip through {@link DataFile}.
 */
public final class Cifar10Reader {
    /** Bytes per record: label plus 3072 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;

    private Cifar10Reader() {}

    /** Labels and CHW pixels of one batch file. */
    public record Batch(int[] labels, byte[] pixels) {}

    /** Decodes one batch file; the size must be a whole number of records with labels 0–9. */
    public static Batch read(DataFile file) {
        byte[] all = file.bytes();
        if (all.length == 0 || all.length % RECORD != 0) {
            throw new DataFormatException(file.name() + " is not a CIFAR-10 binary batch: " + all.length
                    + " bytes is not a multiple of " + RECORD);
        }
        int n = all.length / RECORD;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * (RECORD - 1)];
        for (int i = 0; i < n; i++) {
            int y = all[i * RECORD] & 0xFF;
            if (y > 9) {
                throw new DataFormatException(
                        file.name() + ": record " + i + " has label " + y + " (CIFAR-10 has 0-9)");
            }
            labels[i] = y;
            System.arraycopy(all, i * RECORD + 1, pixels, i * (RECORD - 1), RECORD - 1);
        }
        return new Batch(labels, pixels);
    }
}
