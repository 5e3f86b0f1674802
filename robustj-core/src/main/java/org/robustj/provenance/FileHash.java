package org.robustj.provenance;

/** A file used by a run, named as the user gave it, with its SHA-256. */
public record FileHash(String name, String sha256) {}
