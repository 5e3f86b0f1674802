package org.robustj.provenance;

/**
 * A file used by a run, named as the user gave it, with its SHA-256 (of the decoded content for data files, so
 * a gzip and a raw copy of the same data hash alike).
 */
public record FileHash(String name, String sha256) {}
