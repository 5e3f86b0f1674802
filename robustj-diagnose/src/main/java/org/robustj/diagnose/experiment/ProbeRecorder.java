package org.robustj.diagnose.experiment;

import java.util.ArrayList;
import java.util.List;
import org.robustj.diagnose.DiagnosticListener;
import org.robustj.train.ProbePoint;
import org.robustj.train.TrainingListener;

/**
 * What an experiment listens to while it trains a model: every step advances its progress bar, every probe
 * measurement is kept (in step order) for its plots, and, when a prefix is given, the trainer's messages go to its
 * log under that prefix.
 */
final class ProbeRecorder implements TrainingListener {
    private final DiagnosticListener listener;
    private final String messagePrefix;
    private final List<ProbePoint> points = new ArrayList<>();
    private long done;

    /** @param messagePrefix prefix of the trainer's messages in the log; null keeps them out of it */
    ProbeRecorder(DiagnosticListener listener, String messagePrefix) {
        this.listener = listener;
        this.messagePrefix = messagePrefix;
    }

    /** The probe measurements so far. */
    List<ProbePoint> points() {
        return points;
    }

    @Override
    public void onStep(Status s) {
        listener.progress(++done);
    }

    @Override
    public void onProbe(ProbePoint point, String summary) {
        points.add(point);
    }

    @Override
    public void onMessage(String message) {
        if (messagePrefix != null) listener.log(messagePrefix + message);
    }
}
