package org.robustj.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.robustj.data.Dataset;
import org.robustj.errors.UnknownNameException;

/** The {@link ProbeProvider}s on the class path, by name. */
public final class ProbeRegistry {
    private ProbeRegistry() {}

    /** Every provider found, by name. */
    public static Map<String, ProbeProvider> providers() {
        Map<String, ProbeProvider> out = new TreeMap<>();
        for (ProbeProvider p : ServiceLoader.load(ProbeProvider.class, ProbeRegistry.class.getClassLoader())) {
            out.put(p.name(), p);
        }
        return out;
    }

    /**
     * The provider of a name.
     *
     * @throws UnknownNameException naming the probes available (robustj-diagnose provides {@code complexity})
     */
    public static ProbeProvider provider(String name) {
        Map<String, ProbeProvider> all = providers();
        ProbeProvider p = all.get(name);
        if (p == null) {
            if (all.isEmpty()) {
                throw new UnknownNameException("training probe", name, List.of(
                        "(none on the class path: probes such as complexity come from robustj-diagnose, which the "
                                + "robustj CLI includes)"));
            }
            throw new UnknownNameException("training probe", name, all.keySet());
        }
        return p;
    }

    /** The probes a config asks for, in the order of its {@code probes} field. */
    public static List<TrainingProbe> create(TrainConfig config, Dataset train, Dataset test) {
        List<TrainingProbe> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : config.probes().entrySet()) {
            out.add(provider(e.getKey()).create(e.getValue(), config, train, test));
        }
        return out;
    }
}
