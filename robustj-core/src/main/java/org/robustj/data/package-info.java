/**
 * Data sets: start from {@link org.robustj.data.Datasets} (named data sets and where their files are
 * found) and {@link org.robustj.data.Dataset} (in-memory samples, deterministic first-N and seeded
 * shuffles, file hashes). Readers: {@link org.robustj.data.IdxReader}, {@link org.robustj.data.Cifar10Reader};
 * synthetic separable data: {@link org.robustj.data.Synthetic}. To add a data set, add a reader if its
 * format is new and one entry in {@code Datasets}.
 */
package org.robustj.data;
