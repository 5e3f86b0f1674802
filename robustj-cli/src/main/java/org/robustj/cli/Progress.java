package org.robustj.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;

/**
 * Progress bars on stderr (the progressbar library drives the refresh; the line is ours), silent when
 * {@code --quiet} or not on a terminal. One line reads
 * {@code apgd-ce  42% [=========>          ] 42/100 pt | 0:00:12 elapsed, ETA 0:00:16 | 3.5 pt/s | robust 40}:
 * fields are separated, numbers keep their leading zero, the bar keeps a visible width, the ETA is labelled,
 * and {@link #close()} always ends the line, so a log line printed next starts on a line of its own.
 */
final class Progress implements AutoCloseable {
    /** Width of a line when the terminal's is unknown. */
    static final int DEFAULT_WIDTH = 100;
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;

    private final ProgressBar bar;
    private final LineConsumer consumer;

    Progress(String task, long max, String unit, boolean quiet) {
        this(task, max, unit, "ETA", quiet || System.console() == null ? null : System.err, -1);
    }

    Progress(String task, long max, String unit, String etaLabel, boolean quiet) {
        this(task, max, unit, etaLabel, quiet || System.console() == null ? null : System.err, -1);
    }

    /** A bar drawn on {@code out} (null: none), {@code width} columns wide (≤ 0: the terminal's). */
    Progress(String task, long max, String unit, String etaLabel, PrintStream out, int width) {
        if (out == null) {
            this.bar = null;
            this.consumer = null;
            return;
        }
        this.consumer = new LineConsumer(out, width);
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .setConsumer(consumer)
                .setRenderer((state, w) -> render(state, unit, etaLabel, w))
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
        if (bar != null) {
            bar.close();
            // the library skips its closing newline when it is closed before its first refresh
            consumer.endLine();
        }
    }

    private static String render(ProgressState s, String unit, String etaLabel, int width) {
        Duration elapsed = s.getElapsedAfterStart();
        return line(s.getTaskName(), s.getCurrent() - s.getStart(), s.getCurrent(), s.getMax(), unit,
                elapsed.toMillis() / 1000.0, s.getTotalElapsed().toMillis() / 1000.0, etaLabel, s.getExtraMessage(),
                width);
    }

    /**
     * One progress line: task, percent, bar, count, elapsed time and labelled ETA, speed, extra message. On a
     * narrow terminal the optional parts go first, in this order: the word "elapsed", the elapsed time, the bar
     * (never drawn narrower than {@value #MIN_BAR}), the count, the speed; the task, percent, ETA and extra
     * message (robust points, loss) stay, and only then is the line cut.
     *
     * @param doneSinceStart units done since this process started the bar (the speed's numerator)
     * @param secondsSinceStart seconds since then
     * @param totalSeconds seconds shown as elapsed
     */
    static String line(String task, long doneSinceStart, long current, long max, String unit,
            double secondsSinceStart, double totalSeconds, String etaLabel, String extra, int width) {
        double speed = secondsSinceStart > 0 ? doneSinceStart / secondsSinceStart : Double.NaN;
        String pct = max > 0 ? String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100.0 * current / max)) : "  ?%";
        String eta = max > 0 && speed > 0 && Double.isFinite(speed) ? clock((max - current) / speed) : "?";
        String head = task + " " + pct;
        String count = " " + current + "/" + (max > 0 ? Long.toString(max) : "?") + " " + unit;
        String etaPart = etaLabel + " " + eta;
        String speedPart = " | " + speed(speed) + " " + unit + "/s";
        String extraPart = extra != null && !extra.isBlank() ? " | " + extra.strip() : "";
        boolean elapsedWord = true;
        boolean bar = true;
        boolean elapsed = true;
        boolean showCount = true;
        boolean showSpeed = true;
        for (int level = 0; ; level++) {
            String time = " | " + (elapsed ? clock(totalSeconds) + (elapsedWord ? " elapsed, " : ", ") : "") + etaPart;
            String tail = (showCount ? count : "") + time + (showSpeed ? speedPart : "") + extraPart;
            int room = width - head.length() - 3 - tail.length(); // " [" + "]"
            if (bar && room >= MIN_BAR) {
                return head + " [" + bar(current, max, Math.min(MAX_BAR, room)) + "]" + tail;
            }
            if (!bar && head.length() + tail.length() <= width) {
                return head + tail;
            }
            switch (level) {
                case 0 -> elapsedWord = false;
                case 1 -> elapsed = false;
                case 2 -> bar = false;
                case 3 -> showCount = false;
                case 4 -> showSpeed = false;
                default -> {
                    String line = head + tail;
                    return line.substring(0, Math.max(0, width - 1)) + "…";
                }
            }
        }
    }

    private static String bar(long current, long max, int width) {
        StringBuilder b = new StringBuilder(width);
        double frac = max > 0 ? Math.min(1, Math.max(0, current / (double) max)) : 0;
        int full = (int) Math.floor(frac * width);
        for (int i = 0; i < width; i++) {
            b.append(i < full ? '=' : i == full && max > 0 ? '>' : ' ');
        }
        return b.toString();
    }

    /** Units per second with one decimal and its leading zero ({@code 0.7}), two decimals below 0.1. */
    static String speed(double perSecond) {
        if (!Double.isFinite(perSecond)) return "?";
        return String.format(Locale.ROOT, perSecond < 0.1 ? "%.2f" : "%.1f", perSecond);
    }

    /** Seconds as {@code H:MM:SS}. */
    static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long t = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
    }

    /** Draws on one line with carriage returns and remembers whether that line still needs its newline. */
    private static final class LineConsumer extends ConsoleProgressBarConsumer {
        private final PrintStream out;
        private final int width;
        private boolean open;

        LineConsumer(PrintStream out, int width) {
            super(out);
            this.out = out;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            if (width > 0) return width;
            int w = super.getMaxRenderedLength();
            return w > 20 ? w : DEFAULT_WIDTH;
        }

        @Override
        public synchronized void accept(String line) {
            out.print("\r" + line);
            out.flush();
            open = true;
        }

        @Override
        public synchronized void close() {
            endLine();
        }

        synchronized void endLine() {
            if (open) {
                out.println();
                out.flush();
                open = false;
            }
        }
    }
}
