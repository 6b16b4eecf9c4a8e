package io.fleetdeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tools Fleetdeck is measured against, run as a person would run them: {@code curl} fetching the image from the
 * console's image server (optionally followed by {@code sync} of the files it wrote) and {@code dd ... conv=fsync}
 * copying it into a slot file. Their output goes to {@code baselines.log} in the run directory.
 */
final class Baselines {
    /** One download the console granted: where, and the bearer token. */
    record Grant(String url, String token) {
        static Grant parse(String line) {
            String[] parts = line.split(" ");
            return new Grant(parts[0], parts[1]);
        }
    }

    /**
     * @param curlMs from starting the first curl to the last one exiting
     * @param syncMs then {@code sync FILE...} (fsync of each file) until it exits
     */
    record CurlResult(long curlMs, long syncMs, long bytes) {
        long durableMs() {
            return curlMs + syncMs;
        }
    }

    private final Path log;

    Baselines(Path log) {
        this.log = log;
    }

    /** All grants fetched at once, one curl process each, into {@code dir}; then the files are fsynced. */
    CurlResult curlFanOut(List<Grant> grants, Path dir, long expectedBytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < grants.size(); i++) {
            Path file = dir.resolve("image-" + (i + 1) + ".img");
            files.add(file);
            Grant grant = grants.get(i);
            running.add(start(List.of("curl", "-s", "-S", "-f", "-H", "Authorization: Bearer " + grant.token(),
                    "-o", file.toString(), grant.url())));
        }
        for (Process process : running) {
            await(process, "curl", 30);
        }
        long curlNs = System.nanoTime() - start;
        List<String> sync = new ArrayList<>(List.of("sync"));
        files.forEach(file -> sync.add(file.toString()));
        long syncStart = System.nanoTime();
        await(start(sync), "sync", 10);
        long syncNs = System.nanoTime() - syncStart;
        long bytes = 0;
        for (Path file : files) {
            long size = Files.size(file);
            if (size != expectedBytes) {
                throw new IllegalStateException("curl wrote " + size + " bytes to " + file + ", expected "
                        + expectedBytes);
            }
            bytes += size;
        }
        return new CurlResult(curlNs / 1_000_000, syncNs / 1_000_000, bytes);
    }

    /** @param cpuS user + system CPU seconds of the dd process */
    record DdResult(double ms, double cpuS) {
    }

    /** {@code dd if=source of=target bs=1M conv=fsync} into a fresh target. */
    DdResult dd(Path source, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        double cpuStart = ProcessCpu.endedChildrenSeconds();
        long start = System.nanoTime();
        await(start(List.of("dd", "if=" + source, "of=" + target, "bs=1M", "conv=fsync")), "dd", 10);
        double ms = (System.nanoTime() - start) / 1e6;
        return new DdResult(ms, ProcessCpu.endedChildrenSeconds() - cpuStart);
    }

    private Process start(List<String> command) throws IOException {
        return ChildProcesses.track(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
    }

    private static void await(Process process, String what, int minutes) throws InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            ChildProcesses.stop(process);
            throw new IllegalStateException(what + " did not finish within " + minutes + " min");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see baselines.log");
        }
    }
}
