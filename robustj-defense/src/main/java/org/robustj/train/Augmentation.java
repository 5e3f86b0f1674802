package org.robustj.train;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.robustj.errors.UnknownNameException;

/**
 * A random data augmentation applied to a training batch before it becomes a tensor. Its randomness comes
 * only from the generator it is given (the trainer derives one per epoch and step from the root seed), so a
 * resumed run sees exactly the same augmented images.
 *
 * <p>To add an augmentation, add a class implementing this interface and one entry to {@link #BY_NAME}.
 */
public interface Augmentation {
    /**
     * Augments {@code n} samples of {@code sample} shape, laid out one after another in {@code values}, in
     * place.
     */
    void apply(float[] values, int n, Shape sample, SplittableRandom rng);

    /** Augmentations by name. */
    Map<String, Supplier<Augmentation>> BY_NAME = new TreeMap<>(Map.of(
            "none", () -> (values, n, sample, rng) -> { },
            "crop-flip", () -> new CropFlipAugmentation(4)));

    /** The augmentation a config names. */
    static Augmentation of(String name) {
        checkName(name);
        return BY_NAME.get(name).get();
    }

    /** Throws {@link UnknownNameException} for a name no augmentation has. */
    static void checkName(String name) {
        if (name == null || !BY_NAME.containsKey(name)) {
            throw new UnknownNameException("augmentation", String.valueOf(name), List.copyOf(BY_NAME.keySet()));
        }
    }
}
