package org.robustj.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.robustj.errors.DataFormatException;
import org.robustj.provenance.FileHash;
import org.robustj.provenance.Hashes;

/**
 * The bytes of one data file (from disk or the class path), gunzipped when they are gzip, with the
 * SHA-256 of those decoded bytes: the bundled {@code .gz} and a fetched raw copy of the same images record the
 * same hash, so a run's provenance does not depend on which copy was read.
 */
public record DataFile(String name, byte[] bytes, FileHash hash) {

    /** Reads a file from disk. */
    public static DataFile of(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException("data file not found: " + file);
        }
        try {
            return decode(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new DataFormatException("data file not found: " + file, e);
        } catch (IOException e) {
            throw new DataFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a class-path resource (the bundled MNIST test set). */
    public static DataFile ofResource(String resource) {
        try (InputStream in = DataFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DataFormatException("bundled data file missing from the class path: " + resource);
            }
            return decode("classpath:" + resource, in.readAllBytes());
        } catch (IOException e) {
            throw new DataFormatException("cannot read bundled " + resource + ": " + e.getMessage(), e);
        }
    }

    private static DataFile decode(String name, byte[] stored) {
        byte[] bytes = stored;
        if (stored.length >= 2 && (stored[0] & 0xFF) == 0x1f && (stored[1] & 0xFF) == 0x8b) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(stored), 1 << 16)) {
                bytes = gz.readAllBytes();
            } catch (IOException e) {
                throw new DataFormatException(name + " is a corrupt gzip file: " + e.getMessage(), e);
            }
        }
        return new DataFile(name, bytes, new FileHash(name, Hashes.sha256(bytes)));
    }
}
