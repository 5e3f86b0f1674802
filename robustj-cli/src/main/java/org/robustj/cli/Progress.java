package org.robustj.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr (the progressbar library); silent when {@code --quiet}. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long max, String unit, boolean quiet) {
        // bars redraw with carriage returns: only on a terminal
        this.bar = quiet || System.console() == null ? null : new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .continuousUpdate()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }

    void stepTo(long n) {
        if (bar != null) bar.stepTo(n);
    }

    void extra(String message) {
        if (bar != null) bar.setExtraMessage(message);
    }

    void maxHint(long n) {
        if (bar != null) bar.maxHint(n);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
