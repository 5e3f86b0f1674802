/**
 * Provenance carried by every record: {@link org.robustj.provenance.Provenance} (versions, commit,
 * runtime, file hashes), {@link org.robustj.provenance.Hashes} and {@link org.robustj.provenance.Seeds}.
 */
package org.robustj.provenance;
