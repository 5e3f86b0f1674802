package org.robustj.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.robustj.errors.DataFormatException;

/**
 * Decodes IDX files (MNIST, Fashion-MNIST): big-endian magic {@code 0x0000080D} (unsigned bytes, D
 * dimensions), D int32 sizes, then the bytes. Raw and gzip files both work through {@link DataFile}.
 */
public final class IdxReader {
    private IdxReader() {}

    /** A decoded IDX tensor of unsigned bytes. */
    public record Idx(int[] dims, byte[] data) {}

    /**
     * Decodes an IDX file that must have {@code dims} dimensions ({@code what} says what they are, e.g.
     * "N×H×W images"); a header declaring another count is reported as such, before its sizes are read.
     */
    public static Idx read(DataFile file, int dims, String what) {
        byte[] b = file.bytes();
        if (b.length >= 4 && (b[0] | b[1]) == 0 && b[2] == 0x08 && (b[3] & 0xFF) != dims) {
            throw new DataFormatException(file.name() + ": IDX header declares " + (b[3] & 0xFF) + " dimensions, "
                    + "expected " + dims + " (" + what + ")");
        }
        return read(file);
    }

    /** Decodes a whole IDX file; a {@link DataFormatException} names the file when it is not one. */
    public static Idx read(DataFile file) {
        byte[] b = file.bytes();
        String name = file.name();
        if (b.length < 8) {
            throw new DataFormatException(name + " is not an IDX file (" + b.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int magic = buf.getInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
            throw new DataFormatException(
                    name + " is not an IDX file of unsigned bytes (magic " + String.format("0x%08X", magic) + ")");
        }
        int nd = magic & 0xFF;
        if (nd < 1 || nd > 4 || b.length < 4 + 4 * nd) {
            throw new DataFormatException(name + ": unsupported IDX header with " + nd + " dimensions");
        }
        int[] dims = new int[nd];
        long total = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) {
                throw new DataFormatException(name + ": IDX dimension " + i + " is " + dims[i]);
            }
            total *= dims[i];
        }
        int header = 4 + 4 * nd;
        if (b.length - header != total) {
            throw new DataFormatException(name + " is " + (b.length - header < total ? "truncated" : "too long")
                    + ": header says " + total + " values, file has " + (b.length - header));
        }
        return new Idx(dims, Arrays.copyOfRange(b, header, b.length));
    }
}
