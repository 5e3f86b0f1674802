package org.robustj.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustj.errors.InvalidInputException;

/**
 * Checks a {@code --spark} master URL before Spark starts: its form, and for a standalone master that it
 * accepts connections, so that an unreachable master is an {@code error:} within seconds instead of Spark's
 * minute of registration retries. Embedded masters get task retries ({@code local[N]} becomes {@code
 * local[N,4]}: Spark's local mode does not retry a failed task otherwise).
 */
public final class Masters {
    /** How long a standalone master may take to accept a connection. */
    static final int CONNECT_TIMEOUT_MS = 3000;

    /** Attempts per task in embedded mode (Spark's default on a cluster, {@code spark.task.maxFailures}). */
    static final int LOCAL_ATTEMPTS = 4;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,([1-9][0-9]*))?\\])?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:/,\\s]+):([0-9]{1,5})");

    private Masters() {}

    /**
     * The master URL Spark gets: {@code master} checked, with task retries for embedded masters.
     *
     * @throws InvalidInputException for a URL of no known form, or a standalone master that does not answer
     */
    public static String check(String master) {
        String m = master.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            String threads = local.group(2) == null ? "1" : local.group(2);
            String attempts = local.group(4) == null ? Integer.toString(LOCAL_ATTEMPTS) : local.group(4);
            return "local[" + threads + "," + attempts + "]";
        }
        if (m.startsWith("spark://")) {
            List<InetSocketAddress> masters = new ArrayList<>();
            for (String hp : m.substring("spark://".length()).split(",")) {
                Matcher mm = HOST_PORT.matcher(hp.strip());
                if (!mm.matches() || Integer.parseInt(mm.group(2)) > 65535) {
                    throw new InvalidInputException("--spark " + master + ": a standalone master is spark://HOST:PORT "
                            + "(or spark://H1:P1,H2:P2), got '" + hp + "'");
                }
                masters.add(InetSocketAddress.createUnresolved(mm.group(1), Integer.parseInt(mm.group(2))));
            }
            String why = null;
            for (InetSocketAddress a : masters) {
                why = reach(a.getHostString(), a.getPort());
                if (why == null) {
                    return m;
                }
            }
            throw new InvalidInputException("cannot reach the Spark master " + m + " (" + why + " within "
                    + CONNECT_TIMEOUT_MS / 1000 + " s): is it running there? (docs/spark.md says how to start one)");
        }
        if (m.equals("yarn") || m.startsWith("k8s://")) {
            return m;
        }
        throw new InvalidInputException("--spark needs a master URL: local[N] (embedded), spark://HOST:PORT, yarn "
                + "or k8s://https://HOST:PORT, got '" + master + "'");
    }

    /** Null when {@code host:port} accepts a TCP connection in time, else why not. */
    static String reach(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return null;
        } catch (java.net.UnknownHostException e) {
            return "unknown host " + host;
        } catch (java.net.SocketTimeoutException e) {
            return "no answer from " + host + ":" + port;
        } catch (IOException e) {
            return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " at " + host + ":"
                    + port;
        }
    }
}
