package io.fleetdeck.simulator.cli;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.daemon.cli.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fleetdeckd sim-image --version V --out FILE}: a simulated firmware image that virtual devices (and {@code run}
 * off a Pi) install and then behave like; see {@link SimImages}.
 */
@Command(name = "sim-image", mixinStandardHelpOptions = true,
        description = "Write a simulated firmware image (.img, .img.gz, .img.xz, .img.zst or .zip, from the name) for "
                + "simulated devices to install.")
public final class SimImageCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SimImageCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--version", required = true, paramLabel = "V",
            description = "Firmware version the image claims, e.g. 1.1.0.")
    String version;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Where to write it; the suffix picks the format.")
    Path out;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "" + SimImages.DEFAULT_SIZE,
            description = "Raw (uncompressed) size in bytes (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--unhealthy",
            description = "A device booting this image publishes no sensor readings: its health check fails and it "
                    + "rolls back.")
    boolean unhealthy;

    @Override
    public Integer call() {
        SimImages.SimImage image;
        try {
            image = SimImages.write(out, version, size, !unhealthy);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (IOException e) {
            log.error("cannot write {}: {}", out, e.getMessage());
            return ExitCodes.FAILURE;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%s: version %s, %s, %d raw bytes, sha256 %s%n", image.file(), version,
                unhealthy ? "unhealthy" : "healthy", image.rawSize(), image.rawSha256());
        stdout.flush();
        return ExitCodes.OK;
    }
}
