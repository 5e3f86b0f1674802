package org.robustj.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustj.errors.InvalidInputException;

/**
 * Checks every output path of a command before any model or data is loaded, so that a run never does its
 * work only to fail at the end (or leave a state file and no record). The rules, quoted in each command's
 * {@code --help}: an output <em>file</em> must be writable and not a folder, and its folder must already
 * exist ({@link #FILE_RULE}); an output <em>folder</em> is created if missing and must be writable
 * ({@link #FOLDER_RULE}). A failure is one {@code cannot write OPTION PATH: reason} message.
 */
final class Outputs {
    /** The rule for output files, as printed in help texts. */
    static final String FILE_RULE = "its folder must exist";

    /** The rule for output folders, as printed in help texts. */
    static final String FOLDER_RULE = "created if missing";

    private final Map<Path, String> seen = new LinkedHashMap<>();
    private final Map<Path, String> inputs = new LinkedHashMap<>();

    /** Checks the output files and folders of one command; two outputs may not be the same path. */
    Outputs() {}

    /**
     * Declares an input file (null: none) that no output of this command may overwrite, such as the recipe
     * {@code train --config} reads: an output at the same path would replace the user's file by the result.
     */
    Outputs input(String option, Path p) {
        if (p != null) {
            inputs.putIfAbsent(p.toAbsolutePath().normalize(), option);
        }
        return this;
    }

    /** Checks an output file (null: not asked for); returns this for chaining. */
    Outputs file(String option, Path p) {
        if (p == null) {
            return this;
        }
        same(option, p);
        checkFile(option, p);
        return this;
    }

    /** Checks an output folder (null: not asked for), creating it when missing. */
    Outputs folder(String option, Path p) {
        if (p == null) {
            return this;
        }
        same(option, p);
        checkFolder(option, p);
        return this;
    }

    private void same(String option, Path p) {
        Path key = p.toAbsolutePath().normalize();
        String input = inputs.get(key);
        if (input != null) {
            throw new InvalidInputException(option + " would overwrite " + input + " " + p
                    + "; give the output another path");
        }
        String before = seen.putIfAbsent(key, option);
        if (before != null) {
            throw new InvalidInputException(option + " and " + before + " name the same file " + p
                    + "; give each output its own path");
        }
    }

    /** Throws unless {@code p} can be written as a file whose folder exists. */
    static void checkFile(String option, Path p) {
        if (Files.isDirectory(p)) {
            throw cannot(option, p, "it is a folder; name a file");
        }
        Path parent = p.toAbsolutePath().normalize().getParent();
        if (parent != null && !Files.exists(parent)) {
            throw cannot(option, p, "folder " + parent + " does not exist (" + FILE_RULE + ")");
        }
        if (parent != null && !Files.isDirectory(parent)) {
            throw cannot(option, p, parent + " is not a folder");
        }
        try {
            if (Files.exists(p)) {
                // opens for appending without changing a byte
                try (OutputStream o = Files.newOutputStream(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    o.flush();
                }
            } else {
                Files.createFile(p);
                Files.delete(p);
            }
        } catch (NoSuchFileException e) {
            throw cannot(option, p, "files cannot be created in " + parent);
        } catch (IOException | SecurityException e) {
            throw cannot(option, p, reason(e));
        }
    }

    /** Throws unless {@code p} is (or can be created as) a writable folder; creates it when missing. */
    static void checkFolder(String option, Path p) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw cannot(option, p, "it is a file; name a folder");
        }
        if (!Files.exists(p)) {
            try {
                Files.createDirectories(p);
            } catch (NoSuchFileException e) {
                throw cannot(option, p, "the folder cannot be created there");
            } catch (IOException | SecurityException e) {
                throw cannot(option, p, "the folder cannot be created: " + reason(e));
            }
        }
        try {
            Path probe = Files.createTempFile(p, ".robustj-write-check", ".tmp");
            Files.delete(probe);
        } catch (NoSuchFileException e) {
            throw cannot(option, p, "files cannot be created in it");
        } catch (IOException | SecurityException e) {
            throw cannot(option, p, reason(e));
        }
    }

    private static InvalidInputException cannot(String option, Path p, String reason) {
        return new InvalidInputException("cannot write " + option + " " + p + ": " + reason);
    }

    /** The reason of a file-system failure in words (Java's own message is often just the path). */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
