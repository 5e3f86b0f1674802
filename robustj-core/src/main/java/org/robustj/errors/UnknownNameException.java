package org.robustj.errors;

import java.util.Collection;
import java.util.stream.Collectors;

/** A name (architecture, data set, attack, track) that no registry knows; lists the known ones. */
public class UnknownNameException extends RobustjException {
    private static final long serialVersionUID = 1L;

    public UnknownNameException(String kind, String name, Collection<String> known) {
        super("unknown " + kind + " '" + name + "'; known: "
                + known.stream().sorted().collect(Collectors.joining(", ")));
    }
}
