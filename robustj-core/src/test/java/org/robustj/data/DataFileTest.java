package org.robustj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustj.provenance.Hashes;

/** A data file's recorded SHA-256 is that of its decoded content, whichever copy (gzip or raw) was read. */
class DataFileTest {
    @TempDir
    Path dir;

    @Test
    void gzipAndRawCopiesHashAlike() throws Exception {
        byte[] raw = new byte[5000];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i * 31 % 251);
        Path plain = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), raw);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw);
        }
        Path packed = Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gz.toByteArray());
        DataFile a = DataFile.of(plain);
        DataFile b = DataFile.of(packed);
        assertArrayEquals(a.bytes(), b.bytes());
        assertEquals(a.hash().sha256(), b.hash().sha256());
        assertEquals(Hashes.sha256(raw), b.hash().sha256());
    }

    @Test
    void bundledTestSetHashesAsItsFetchedRawFiles() throws Exception {
        String res = "/robustj/data/mnist/t10k-labels-idx1-ubyte.gz";
        byte[] decoded;
        try (InputStream in = new GZIPInputStream(DataFile.class.getResourceAsStream(res))) {
            decoded = in.readAllBytes();
        }
        // what `data fetch mnist` writes is the raw file; it must record the bundled copy's hash
        Path fetched = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), decoded);
        assertEquals(DataFile.ofResource(res).hash().sha256(), DataFile.of(fetched).hash().sha256());
    }
}
