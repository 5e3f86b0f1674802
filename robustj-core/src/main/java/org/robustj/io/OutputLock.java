package org.robustj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.robustj.errors.InvalidInputException;

/**
 * Claims an output for one process, so that two runs writing the same result and state files cannot mix
 * them (the last writer would win silently). The claim is a lock file next to the output ({@code OUT.lock})
 * that holds the holder's PID and command and carries an operating-system file lock. The OS lock dies with
 * its process, so a lock file left by a killed run (its PID no longer alive) is detected as stale and taken
 * over. {@link #close()} deletes the file; a shutdown hook does the same on SIGTERM or Ctrl-C.
 */
public final class OutputLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Long stalePid;
    private final Thread hook;
    private boolean closed;

    private OutputLock(Path file, FileChannel channel, FileLock lock, Long stalePid) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.stalePid = stalePid;
        this.hook = new Thread(this::close, "robustj-output-lock");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The lock file of an output: {@code OUT.lock}. */
    public static Path lockFile(Path output) {
        return output.resolveSibling(output.getFileName() + ".lock");
    }

    /**
     * Claims {@code output} for this process, recording {@code command} in the lock file.
     *
     * @throws InvalidInputException naming the holder when a live process holds the output
     */
    public static OutputLock acquire(Path output, String command) throws IOException {
        Path file = lockFile(output.toAbsolutePath());
        Files.createDirectories(file.getParent());
        // within one JVM the OS lock cannot tell two claims apart, and opening the file a second time would even
        // drop it (POSIX locks go with any descriptor's close): claims of this process are kept here
        if (!HELD.add(file)) {
            throw refused(output, "this process (" + ProcessHandle.current().pid() + ")", file);
        }
        try {
            return claim(output, file, command);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static OutputLock claim(Path output, Path file, String command) throws IOException {
        // A holder that is releasing deletes the file after we opened it: our lock is then on a file that is no
        // longer the lock file. The file's identity at the path just after opening and just after locking tells;
        // then try again on the new file. (The lock file is never opened a second time by its holder: closing any
        // descriptor of it would release the lock.)
        for (int attempt = 0; attempt < 10; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Object opened = fileKey(file);
            FileLock fl;
            try {
                fl = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                fl = null;
            }
            if (fl == null) {
                ch.close();
                throw refused(output, holder(file), file);
            }
            Object locked = fileKey(file);
            if (opened == null || !opened.equals(locked)) {
                fl.release();
                ch.close();
                continue;
            }
            String previous = read(ch);
            String content = "pid " + ProcessHandle.current().pid() + "\ncommand " + command + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new OutputLock(file, ch, fl, pid(previous));
        }
        throw new InvalidInputException("cannot claim " + output + ": its lock file " + file + " keeps changing");
    }

    private static InvalidInputException refused(Path output, String holder, Path file) {
        return new InvalidInputException(String.format("%s is in use by %s (lock file %s); wait for that run to "
                + "finish or choose another --out", output, holder, file));
    }

    private static Object fileKey(Path file) {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return key != null ? key : Files.getLastModifiedTime(file); // no inode: a weaker identity
        } catch (IOException e) {
            return null;
        }
    }

    /** The PID of the dead process whose lock file this one replaced, or null if there was none. */
    public Long stalePid() {
        return stalePid;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Deletes the lock file and releases the claim; safe to call twice, and from the shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file); // while still locked, so nobody can claim the file being deleted
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS lock goes with the process anyway; a left-over file is taken over as stale
        } finally {
            HELD.remove(file);
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs (and finds the lock closed)
            }
        }
    }

    private static String holder(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            Long pid = pid(content);
            if (pid != null) {
                String command = "";
                for (String line : content.split("\n")) {
                    if (line.startsWith("command ")) command = line.substring("command ".length());
                }
                return "process " + pid + (command.isEmpty() ? "" : " (" + command + ")");
            }
        } catch (IOException e) {
            // unreadable: fall through
        }
        return "another process";
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static Long pid(String content) {
        for (String line : content.split("\n")) {
            if (line.startsWith("pid ")) {
                try {
                    return Long.parseLong(line.substring(4).trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
