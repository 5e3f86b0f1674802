package org.robustj.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustj.errors.UnknownNameException;
import org.robustj.threat.Norm;

class TracksTest {
    @Test
    void theTracksFixDataNormEpsPointsAndVersion() {
        assertEquals(List.of("mnist-linf-0.3", "mnist-l2-2.0", "fashion-mnist-linf-0.1", "cifar10-linf-8/255",
                "cifar10-l2-0.5", "mnist-l0-10", "cifar10-l0-10", "cifar10-patch-5x5", "cifar10-frame-1",
                "mnist-linf-0.1-certified", "mnist-linf-0.3-certified", "cifar10-corruptions", "mnist-corruptions"),
                Tracks.ids());
        Track c = Tracks.get("cifar10-linf-8/255");
        assertEquals("cifar10", c.dataset());
        assertEquals("test", c.split());
        assertEquals(Norm.LINF, c.norm());
        assertEquals(8 / 255.0, c.eps(), 0);
        assertEquals("8/255", c.epsLabel());
        assertEquals("Linf", c.threatModel());
        assertEquals(1000, c.points());
        assertEquals("standard", c.version());
        assertEquals(Norm.L2, Tracks.get("mnist-l2-2.0").norm());
        assertEquals(2.0, Tracks.get("mnist-l2-2.0").eps(), 0);
        assertEquals("L2", Tracks.get("cifar10-l2-0.5").threatModel());
        assertEquals(0.1, Tracks.get("fashion-mnist-linf-0.1").eps(), 0);
        for (Track t : Tracks.all()) {
            assertEquals(Tracks.DEFAULT_POINTS, t.points());
            if (t.corruption()) {
                // common corruptions run no attack: no norm, no ensemble
                assertEquals("corruptions", t.threatModel());
                assertEquals(null, t.norm());
                continue;
            }
            // the sparse threat models have their own ensemble version (Sparse-RS)
            assertEquals(t.norm().sparse() ? "sparse" : "standard", t.version());
        }
        assertEquals("zoo:cifar10-cnn-pgd-at", Tracks.get("cifar10-corruptions").baseline());
        assertEquals("cifar10", Tracks.get("cifar10-corruptions").corruptions());
        assertEquals("zoo:mnist-cnn", Tracks.get("mnist-corruptions").baseline());
        Track patch = Tracks.get("cifar10-patch-5x5");
        assertEquals(Norm.PATCH, patch.norm());
        assertEquals(25, patch.eps(), 0);
        assertEquals("patch", patch.threatModel());
        assertEquals("L0", Tracks.get("mnist-l0-10").threatModel());
        assertEquals(10, Tracks.get("mnist-l0-10").eps(), 0);
    }

    @Test
    void trackNamesWithSlashGetSafeFileNamesThatAlsoResolve() {
        Track c = Tracks.get("cifar10-linf-8/255");
        assertEquals("cifar10-linf-8_255", c.fileName());
        assertSame(c, Tracks.get("cifar10-linf-8_255"));
        for (Track t : Tracks.all()) {
            assertTrue(t.fileName().matches("[A-Za-z0-9._-]+"), t.fileName());
        }
        assertEquals("a_b_c", Track.safe("a/b c"));
        assertEquals("_hidden", Track.safe(".hidden"));
    }

    @Test
    void unknownTrackNamesTheKnownOnes() {
        UnknownNameException e = assertThrows(UnknownNameException.class, () -> Tracks.get("mnist-linf-0.4"));
        assertTrue(e.getMessage().contains("unknown track 'mnist-linf-0.4'"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist-linf-0.3"), e.getMessage());
        assertNull(Tracks.find("nope"));
    }
}
