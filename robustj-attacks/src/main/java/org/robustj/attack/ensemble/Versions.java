package org.robustj.attack.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustj.threat.Norm;

/**
 * The AutoAttack versions as attack lists with the reference's overrides (REFERENCES.md 2.1): which
 * attacks run, in which order, with which settings, adapted to the number of classes (at most K−1 target
 * classes). Which attacks can run on the model at all is decided by {@link AutoEvaluation} from each
 * attack's declared {@link org.robustj.attack.Attack#minClasses()}.
 */
public final class Versions {
    private Versions() {}

    /** One attack of a plan: registry name and option overrides. */
    public record Planned(String name, Map<String, Object> options) {}

    /** A plan plus the warnings produced while adapting it. */
    public record Plan(List<Planned> attacks, List<String> notes) {}

    /** The plan for a configuration on a model with {@code classes} outputs. */
    public static Plan plan(EvaluationConfig cfg, int classes) {
        List<Planned> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int targets = Math.min(9, classes - 1);
        boolean l1 = cfg.norm() == Norm.L1;
        switch (cfg.version()) {
            case "standard":
                out.add(p("apgd-ce", "restarts", l1 ? 5 : 1));
                out.add(p("apgd-t", "target_classes", l1 ? Math.min(5, classes - 1) : targets, "restarts", 1));
                out.add(p("fab-t", "n_target_classes", targets, "n_restarts", 1));
                out.add(p("square", "n_queries", 5000));
                break;
            case "plus":
                out.add(p("apgd-ce", "restarts", 5));
                out.add(p("apgd-dlr", "restarts", 5));
                out.add(p("fab", "n_restarts", 5));
                out.add(p("square", "n_queries", 5000));
                out.add(p("apgd-t", "target_classes", targets, "restarts", 1));
                out.add(p("fab-t", "n_target_classes", targets, "n_restarts", 1));
                break;
            case "rand":
                out.add(p("apgd-ce", "restarts", 1, "eot_iter", 20));
                out.add(p("apgd-dlr", "restarts", 1, "eot_iter", 20));
                break;
            default:
                for (String a : cfg.attacks()) {
                    out.add(new Planned(a, cfg.options().getOrDefault(a, Map.of())));
                }
        }
        if (!cfg.version().equals("custom")) {
            // user overrides apply on top of the version's settings
            for (int i = 0; i < out.size(); i++) {
                Map<String, Object> extra = cfg.options().get(out.get(i).name());
                if (extra != null) {
                    Map<String, Object> m = new LinkedHashMap<>(out.get(i).options());
                    m.putAll(extra);
                    out.set(i, new Planned(out.get(i).name(), m));
                }
            }
        }
        if (classes - 1 < 9 && !cfg.version().equals("custom")) {
            notes.add("target classes reduced from 9 to " + targets + " because the model has " + classes
                    + " classes");
        }
        return new Plan(out, notes);
    }

    private static Planned p(String name, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new Planned(name, m);
    }
}
