package io.fleetdeck.testkit.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip}; every lab change goes through here so a failure names the exact command. */
public final class IpCommand {
    private static final Path BINARY = find();

    /** What one {@code ip} invocation did. */
    public record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private IpCommand() {
    }

    public static boolean installed() {
        return BINARY != null;
    }

    public static Path binary() {
        if (BINARY == null) {
            throw new LabSetupException("iproute2's ip is not installed (looked in /usr/sbin, /sbin, /usr/bin, /bin)");
        }
        return BINARY;
    }

    /** Runs {@code ip ARGS}; throws with stderr when it fails. */
    public static String run(String... args) {
        Result result = attempt(args);
        if (!result.ok()) {
            throw new LabSetupException("ip " + String.join(" ", args) + " failed (exit " + result.exit() + "): "
                    + result.err().strip());
        }
        return result.out();
    }

    /** Runs {@code ip ARGS} and reports the outcome, for clean-up where a missing thing is not an error. */
    public static Result attempt(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("fdlab-ip", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, out, "timed out after 20 s");
                }
                return new Result(process.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", "could not run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted running " + command);
        }
    }

    private static Path find() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, "ip");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
