package io.fleetdeck.console.lab;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.testkit.lab.probe.ProbeOutput;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console without its window, run inside a lab host, reporting what its tiles would show. Prints
 * {@code {"ready":true,"broker":"tcp://…"}} once started, then {@code {"t":<ms>,"id":"…","presence":"…"}} each
 * time a device first appears in the registry or its presence changes (polled every 20 ms, the order of a UI pulse;
 * readings alone are not reported, they would drown the presence lines).
 *
 * <p>Arguments: {@code --data DIR [--bind ADDRESS] [--broker-port PORT] [--broker URL] [--mdns-interface NAME]…}.
 */
public final class ConsoleProbe {
    private ConsoleProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, List<String>> options = parse(args);
        Path data = Path.of(single(options, "--data", null));
        // Before the first logger exists: the console's file log then lands beside its data, not in /tmp.
        System.setProperty("fleetdeck.log.dir", data.toString());
        ConsoleSettings settings = new ConsoleSettings(
                Optional.ofNullable(single(options, "--broker", "")).filter(s -> !s.isEmpty()),
                single(options, "--bind", "127.0.0.1"),
                Integer.parseInt(single(options, "--broker-port", "1883")),
                data, 0, 1, options.getOrDefault("--mdns-interface", List.of()));
        ConsoleRuntime runtime = ConsoleRuntime.start(settings, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "console-probe-stop"));
        ProbeOutput.print(line -> line.put("ready", true).put("broker", runtime.brokerUrl()));

        Map<String, PresenceState> shown = new HashMap<>();
        long revision = -1;
        while (true) {
            long next = runtime.registry().revision();
            for (DeviceSnapshot device : runtime.registry().changedSince(revision)) {
                String id = device.id().value();
                if (shown.put(id, device.presence()) != device.presence()) {
                    ProbeOutput.print(line -> line.put("id", id).put("presence", device.presence().name()));
                }
            }
            revision = next;
            Thread.sleep(20);
        }
    }

    private static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs (--name value): " + String.join(" ", args));
        }
        return options;
    }

    private static String single(Map<String, List<String>> options, String name, String fallback) {
        List<String> values = options.get(name);
        if (values == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return fallback;
        }
        return values.getLast();
    }
}
