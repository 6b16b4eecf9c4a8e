package io.fleetdeck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: CPU, memory, JDK, the disk under the run directory, and the load. */
final class Machine {
    private Machine() {
    }

    static String describe(Path dir) {
        return String.format(Locale.ROOT, "%d cores (%s), %s RAM, JDK %s (%s); disk under %s: %s; %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory(), Runtime.version(),
                System.getProperty("java.vm.vendor"), dir, disk(dir), firstLine(List.of("curl", "--version")));
    }

    /** The 1-minute load average, or NaN off Linux. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?")
                    + (Files.readString(Path.of("/proc/cpuinfo")).contains(" sha_ni") ? ", SHA-NI" : "");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\D+", "");
            return Math.round(Long.parseLong(total) / 1024.0 / 1024.0) + " GiB";
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String disk(Path dir) {
        String df = output(List.of("df", "-h", "--output=source,fstype,size,avail", dir.toString()));
        String[] lines = df.strip().split("\n");
        String row = lines[lines.length - 1].strip().replaceAll("\\s+", " ");
        String[] cells = row.split(" ");
        String rotational = "";
        if (cells[0].startsWith("/dev/")) {
            String name = cells[0].substring(5).replaceAll("\\d+$", "");
            try {
                rotational = Files.readString(Path.of("/sys/block", name, "queue", "rotational")).strip()
                        .equals("0") ? ", non-rotational" : ", rotational";
            } catch (IOException e) {
                rotational = "";
            }
        }
        return cells.length >= 4 ? cells[0] + " " + cells[1] + ", " + cells[2] + " (" + cells[3] + " free)"
                + rotational : row;
    }

    private static String firstLine(List<String> command) {
        String out = output(command).strip();
        int end = out.indexOf('\n');
        String line = end < 0 ? out : out.substring(0, end);
        // "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 …": name and version are enough.
        String[] words = line.split(" ");
        return words.length >= 2 ? words[0] + " " + words[1] : line;
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
