package org.robustj.diagnose;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured quantity along an axis, under one or more conditions: for example {@code nc1} at every layer
 * ({@code at} = the layer names), {@code clean} and {@code adversarial}. What the report plots (one chart per
 * series, one line per condition) and what a reader of the JSON looks up:
 * {@code series[name="nc1"].values.adversarial[-1]} is the last layer's adversarial NC1. Missing or undefined
 * values are null (JSON has no NaN).
 *
 * @param name key, snake_case ({@code nc1}, {@code ncc_accuracy})
 * @param title what a chart's title says
 * @param description the definition, one line
 * @param axis what {@code at} is ({@code layer}, {@code radius})
 * @param at the axis positions, in order
 * @param values condition to one value per position
 * @param logScale whether a chart should use a logarithmic y axis
 */
public record Series(String name, String title, String description, String axis, List<String> at,
        Map<String, List<Double>> values, boolean logScale) {

    public Series {
        at = List.copyOf(at);
        Map<String, List<Double>> v = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            if (e.getValue().size() != at.size()) {
                throw new IllegalArgumentException("series " + name + ": condition " + e.getKey() + " has "
                        + e.getValue().size() + " values for " + at.size() + " positions");
            }
            List<Double> clean = new ArrayList<>(e.getValue().size());
            for (Double d : e.getValue()) clean.add(d == null || !Double.isFinite(d) ? null : d);
            v.put(e.getKey(), java.util.Collections.unmodifiableList(clean));
        }
        values = java.util.Collections.unmodifiableMap(v);
    }

    /** The value under {@code condition} at {@code position}, NaN when missing. */
    public double value(String condition, String position) {
        List<Double> v = values.get(condition);
        int i = at.indexOf(position);
        if (v == null || i < 0) {
            throw new IllegalArgumentException("series " + name + " has no " + condition + " at " + position
                    + "; conditions " + values.keySet() + ", positions " + at);
        }
        Double d = v.get(i);
        return d == null ? Double.NaN : d;
    }

    /** The value under {@code condition} at the last position (e.g. the last layer). */
    @JsonIgnore
    public double last(String condition) {
        return value(condition, at.get(at.size() - 1));
    }

    /** A builder: add conditions one by one. */
    public static Builder builder(String name, String title, String description, String axis, List<String> at) {
        return new Builder(name, title, description, axis, at);
    }

    /** Collects the conditions of a series. */
    public static final class Builder {
        private final String name;
        private final String title;
        private final String description;
        private final String axis;
        private final List<String> at;
        private final Map<String, List<Double>> values = new LinkedHashMap<>();
        private boolean log;

        Builder(String name, String title, String description, String axis, List<String> at) {
            this.name = name;
            this.title = title;
            this.description = description;
            this.axis = axis;
            this.at = at;
        }

        public Builder condition(String condition, double[] v) {
            List<Double> l = new ArrayList<>(v.length);
            for (double d : v) l.add(d);
            values.put(condition, l);
            return this;
        }

        public Builder condition(String condition, List<Double> v) {
            values.put(condition, v);
            return this;
        }

        public Builder logScale(boolean b) {
            log = b;
            return this;
        }

        public Series build() {
            return new Series(name, title, description, axis, at, values, log);
        }
    }
}
