package io.fleetdeck.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line head for a child JVM: the JDK running this test, with the project's JVM flags. */
public final class JavaCommand {
    private JavaCommand() {
    }

    public static List<String> jvm() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        // The flag only exists from JDK 23 on; an older JVM refuses to start when given it.
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        return command;
    }
}
