package org.robustj.attack.ensemble;

/** Hears what an ensemble evaluation does, for progress bars and logs; every method has a no-op default. */
public interface EvaluationListener {
    /** A log line shaped like the reference AutoAttack's output. */
    default void log(String line) {}

    /** An attack starts on {@code points} still-robust points at one ε. */
    default void attackStarted(String attack, double eps, int points) {}

    /**
     * {@code done} points' worth of the attack's work is done (it also moves within a batch, as the attack's
     * iterations go by, on the attack's threads); {@code robust} points remain robust overall.
     */
    default void progress(int done, int robust) {}

    /** The attack finished. */
    default void attackFinished(String attack, double eps) {}

    /** A listener that ignores everything. */
    EvaluationListener NONE = new EvaluationListener() {};
}
