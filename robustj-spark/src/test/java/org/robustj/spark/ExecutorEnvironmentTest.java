package org.robustj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The executors' native environment ({@link SparkBackend#executorEnvironment}): the spin-wait policy and one
 * OpenMP thread always, the driver's preloaded allocator unless the user gave the executors their own, and no
 * preload when the driver runs on the system malloc.
 */
class ExecutorEnvironmentTest {
    private static final String TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";

    @Test
    void executorsGetTheDriversAllocatorAndPassiveThreads() {
        SparkConf conf = new SparkConf(false);
        SparkBackend.executorEnvironment(conf, Map.of("LD_PRELOAD", TCMALLOC));
        assertEquals("PASSIVE", conf.get("spark.executorEnv.OMP_WAIT_POLICY"));
        assertEquals("1", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals(TCMALLOC, conf.get("spark.executorEnv.LD_PRELOAD"));
    }

    @Test
    void aUsersExecutorPreloadWins() {
        SparkConf conf = new SparkConf(false).set("spark.executorEnv.LD_PRELOAD", "/opt/jemalloc.so");
        SparkBackend.executorEnvironment(conf, Map.of("LD_PRELOAD", TCMALLOC));
        assertEquals("/opt/jemalloc.so", conf.get("spark.executorEnv.LD_PRELOAD"));
    }

    @Test
    void aDriverOnTheSystemMallocPreloadsNothing() {
        SparkConf conf = new SparkConf(false);
        SparkBackend.executorEnvironment(conf, Map.of());
        assertFalse(conf.contains("spark.executorEnv.LD_PRELOAD"));
        SparkBackend.executorEnvironment(conf, Map.of("LD_PRELOAD", "  "));
        assertFalse(conf.contains("spark.executorEnv.LD_PRELOAD"));
    }
}
