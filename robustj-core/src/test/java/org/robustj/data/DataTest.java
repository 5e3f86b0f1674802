package org.robustj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.errors.DataFormatException;
import org.robustj.errors.InvalidInputException;
import org.robustj.errors.UnknownNameException;

/** Readers, selections and synthetic data. */
class DataTest {
    @TempDir
    Path tmp;

    static Path shared() {
        return Path.of(System.getProperty("robustj.shared", "../shared")).resolve("data");
    }

    @Test
    void bundledMnistTestSetIsTheOfficialOne() {
        Dataset d = Datasets.load("mnist", "test");
        assertEquals(10000, d.size());
        assertEquals("[1, 28, 28]", java.util.Arrays.toString(d.sampleShape().getShape()));
        // first labels of the official MNIST test set
        int[] first = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};
        for (int i = 0; i < first.length; i++) assertEquals(first[i], d.label(i));
        assertEquals(2, d.files().size());
        assertEquals(64, d.files().get(0).sha256().length());
    }

    @Test
    void rawAndGzipIdxReadTheSame() throws Exception {
        byte[] raw = idx(new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, (byte) 255});
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b.gz");
        Files.write(a, raw);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        Files.write(b, bos.toByteArray());
        IdxReader.Idx x = IdxReader.read(DataFile.of(a));
        IdxReader.Idx y = IdxReader.read(DataFile.of(b));
        assertArrayEquals(x.data(), y.data());
        assertArrayEquals(new int[] {2, 2, 2}, y.dims());
    }

    @Test
    void truncatedAndForeignFilesAreNamedInTheError() throws Exception {
        byte[] raw = idx(new int[] {3, 2, 2}, new byte[12]);
        Path t = tmp.resolve("trunc");
        Files.write(t, java.util.Arrays.copyOf(raw, raw.length - 3));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.read(DataFile.of(t)));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("trunc"), e.getMessage());
        Path f = tmp.resolve("foreign");
        Files.writeString(f, "hello world, not idx");
        assertThrows(DataFormatException.class, () -> IdxReader.read(DataFile.of(f)));
        Path gz = tmp.resolve("bad.gz");
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        assertThrows(DataFormatException.class, () -> DataFile.of(gz));
        assertThrows(DataFormatException.class, () -> DataFile.of(tmp.resolve("missing")));
    }

    @Test
    void cifarRecordsAreCheckedAndDecoded() throws Exception {
        byte[] rec = new byte[2 * Cifar10Reader.RECORD];
        rec[0] = 3;
        rec[1] = 17;
        rec[Cifar10Reader.RECORD] = 9;
        Path p = tmp.resolve("batch.bin");
        Files.write(p, rec);
        Cifar10Reader.Batch b = Cifar10Reader.read(DataFile.of(p));
        assertArrayEquals(new int[] {3, 9}, b.labels());
        assertEquals(17, b.pixels()[0]);
        Files.write(p, java.util.Arrays.copyOf(rec, rec.length - 1));
        assertThrows(DataFormatException.class, () -> Cifar10Reader.read(DataFile.of(p)));
        rec[0] = 11;
        Files.write(p, rec);
        assertThrows(DataFormatException.class, () -> Cifar10Reader.read(DataFile.of(p)));
    }

    @Test
    void sharedCifarAndFashionMnistLoad() {
        assumeTrue(Files.isDirectory(shared().resolve("cifar10")), "skipping: ../shared/data absent");
        Dataset c = Datasets.load("cifar10", "test", shared());
        assertEquals(10000, c.size());
        int[] first = {3, 8, 8, 0, 6, 6, 1, 6, 3, 1};
        for (int i = 0; i < first.length; i++) assertEquals(first[i], c.label(i));
        assertEquals("8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b", c.files().get(0).sha256());
        float[] px = c.values(new int[] {0});
        assertEquals(158 / 255f, px[0], 1e-6); // first R pixel of x_test[0]
        Dataset f = Datasets.load("fashion-mnist", "test", shared());
        int[] ff = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
        for (int i = 0; i < ff.length; i++) assertEquals(ff[i], f.label(i));
    }

    @Test
    void firstNAndSeededShufflesAreDeterministic() {
        Dataset d = Datasets.load("mnist", "test");
        assertEquals(100, d.first(100).size());
        assertArrayEquals(d.shuffledIndices(5), d.shuffledIndices(5));
        assertNotEquals(java.util.Arrays.toString(d.shuffledIndices(5)), java.util.Arrays.toString(d.shuffledIndices(6)));
        int[] s = d.shuffledIndices(1).clone();
        java.util.Arrays.sort(s);
        assertArrayEquals(d.allIndices(), s);
        assertThrows(InvalidInputException.class, () -> d.first(0));
        assertThrows(InvalidInputException.class, () -> d.first(10001));
        assertThrows(UnknownNameException.class, () -> Datasets.load("imagenet", "test"));
    }

    @Test
    void syntheticClassesAreSeparableWithTheRequestedMargin() {
        Synthetic.Separable s = Synthetic.gaussianClasses(4, 10, 200, 0.2, 0.05, 0.03, 9);
        Dataset d = s.data();
        float[] all = d.values(d.allIndices());
        for (int i = 0; i < d.size(); i++) {
            double[] x = new double[10];
            for (int j = 0; j < 10; j++) x[j] = all[i * 10 + j];
            assertTrue(Synthetic.distanceToBoundary(s.weights(), s.bias(), x, d.label(i)) >= 0.03 - 1e-6);
            for (double v : x) assertTrue(v >= 0 && v <= 1);
        }
        assertArrayEquals(all, Synthetic.gaussianClasses(4, 10, 200, 0.2, 0.05, 0.03, 9).data().values(d.allIndices()));
    }

    private static byte[] idx(int[] dims, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x0800 | dims.length);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }
}
