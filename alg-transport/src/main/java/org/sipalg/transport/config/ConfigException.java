package org.sipalg.transport.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A configuration file that cannot be used. The message names the file (not its directory), where in it the
 * problem is, and why, ready to show to an operator:
 * <pre>
 * alg.yaml: realms.outside.address: not an IP address
 * alg.yaml: line 12: mapping values are not allowed here
 * alg.yaml: cannot read file (no such file)
 * </pre>
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String keyPath;

    private ConfigException(String message, String keyPath, Throwable cause) {
        super(message, cause);
        this.keyPath = keyPath;
    }

    /** A bad value: {@code <file name>: <key path>: <reason>}, e.g. key path {@code realms.inside.networks[1]}. */
    public static ConfigException atKey(Path file, String keyPath, String reason) {
        return new ConfigException(fileName(file) + ": " + keyPath + ": " + reason, keyPath, null);
    }

    /** A YAML syntax error: {@code <file name>: line <line>: <problem>}, with {@code line} counted from 1. */
    public static ConfigException atLine(Path file, int line, String problem, Throwable cause) {
        return new ConfigException(fileName(file) + ": line " + line + ": " + problem, null, cause);
    }

    /** The file could not be read: {@code <file name>: cannot read file (<reason>)}. */
    public static ConfigException unreadable(Path file, IOException cause) {
        return new ConfigException(fileName(file) + ": cannot read file (" + describe(cause) + ")", null, cause);
    }

    /** The dotted key path of the offending key, or {@code null} for syntax and I/O errors. */
    public String keyPath() {
        return keyPath;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name != null ? name.toString() : file.toString();
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not UTF-8 text";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
