package org.robustj.cli.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.robustj.benchmark.Entry;
import org.robustj.benchmark.Gallery;
import org.robustj.eval.RunRecord;

/**
 * What one partition's task returns to the driver: the partial run record ({@code evaluate}, {@code certify})
 * or partial entry ({@code benchmark}), and the gallery of its broken points for the report.
 *
 * @param record the partial run record (null for benchmark)
 * @param entry the partial entry (null for evaluate and certify)
 * @param gallery the broken points shown in a report (null: none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PartResult(RunRecord record, Entry entry, Gallery gallery) {}
