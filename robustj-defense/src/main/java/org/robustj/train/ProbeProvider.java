package org.robustj.train;

import java.util.Map;
import org.robustj.data.Dataset;

/**
 * Makes a {@link TrainingProbe} from its options, found by name through {@link java.util.ServiceLoader} (listed
 * in {@code META-INF/services/org.robustj.train.ProbeProvider} of the module that implements it).
 */
public interface ProbeProvider {
    /** The name in the config's {@code probes} field, e.g. {@code complexity}. */
    String name();

    /** One line: what the probe measures and its options. */
    String description();

    /**
     * Checks the options (the config's compact constructor calls this, so a bad option is an error before any
     * training), throwing {@link org.robustj.errors.InvalidInputException} with one line.
     */
    void validate(Map<String, Object> options);

    /**
     * The probe for a run.
     *
     * @param train the run's training images (after {@code n_train})
     * @param test the test set
     */
    TrainingProbe create(Map<String, Object> options, TrainConfig config, Dataset train, Dataset test);
}
