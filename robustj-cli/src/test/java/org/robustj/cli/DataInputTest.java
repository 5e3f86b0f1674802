package org.robustj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data folders and IDX files that are wrong say exactly what is wrong; small runs print no NaN. */
class DataInputTest {
    @TempDir
    Path tmp;

    private static void oneLine(CliRun r, String expected) {
        assertTrue(r.oneLineError(), "not a one-line error: exit " + r.exit() + ", stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    /** An IDX file of unsigned bytes with the given header sizes and {@code values} bytes after it. */
    private static Path idx(Path file, int[] dims, int values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) b.putInt(d);
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
        return file;
    }

    @Test
    void explicitDataDirWithoutMnistIsAnError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("evaluate", "--dataset", "mnist", "--data-dir", empty.toString(), "--attacks", "none");
        oneLine(r, "mnist test set not found in --data-dir " + empty);
        assertEquals("", r.out(), "the bundled test set was used instead");
    }

    @Test
    void missingLabelsFileIsNamedAlone() throws Exception {
        Path dir = tmp.resolve("fm");
        idx(dir.resolve("t10k-images-idx3-ubyte"), new int[] {2, 28, 28}, 2 * 28 * 28);
        CliRun r = CliRun.of("evaluate", "--dataset", "fashion-mnist", "--data-dir", dir.toString(), "--attacks",
                "none");
        oneLine(r, "incomplete: t10k-labels-idx1-ubyte[.gz] not found");
        assertFalse(r.err().contains("put t10k-images"), r.err());
    }

    @Test
    void wrongDimensionCountIsReportedAsSuch() throws Exception {
        Path dir = tmp.resolve("mnist");
        // a 3-dimensional image file whose header claims 4 dimensions: the 4th size would be read from the pixels
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 2 * 28 * 28);
        b.putInt(0x0804).putInt(2).putInt(28).putInt(28);
        Files.createDirectories(dir);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), b.array());
        idx(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {2}, 2);
        CliRun r = CliRun.of("evaluate", "--data-dir", dir.toString(), "--attacks", "none");
        oneLine(r, "IDX header declares 4 dimensions, expected 3 (N×H×W images)");
    }

    @Test
    void differentCountsArePrinted() throws Exception {
        Path dir = tmp.resolve("mnist");
        idx(dir.resolve("t10k-images-idx3-ubyte"), new int[] {5, 28, 28}, 5 * 28 * 28);
        idx(dir.resolve("t10k-labels-idx1-ubyte"), new int[] {4}, 4);
        oneLine(CliRun.of("evaluate", "--data-dir", dir.toString(), "--attacks", "none"), "5 images but 4 labels");
    }

    @Test
    void classesWithoutPointsPrintNotApplicable() {
        CliRun r = CliRun.of("evaluate", "--attacks", "none", "--n", "3", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().contains("n/a  (0 points)"), r.out());
    }
}
