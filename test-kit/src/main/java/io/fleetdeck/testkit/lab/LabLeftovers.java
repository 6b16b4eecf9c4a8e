package io.fleetdeck.testkit.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ownership of labs, so a run can remove what a crashed run left behind without touching a lab another JVM (another
 * module's tests, a benchmark, a colleague's worktree) is using right now. Each lab writes
 * {@code /run/fdlab/<id>.owner} with its JVM's pid and start instant; a lab whose owner is gone is a leftover.
 */
public final class LabLeftovers {
    public static final Path OWNERS = Path.of("/run/fdlab");

    private LabLeftovers() {
    }

    public static void claim(String labId) {
        try {
            Files.createDirectories(OWNERS);
            Files.writeString(ownerFile(labId), selfToken());
        } catch (IOException e) {
            throw new LabSetupException("cannot record lab ownership in " + OWNERS, e);
        }
    }

    public static void release(String labId) {
        try {
            Files.deleteIfExists(ownerFile(labId));
        } catch (IOException e) {
            throw new LabSetupException("cannot remove " + ownerFile(labId), e);
        }
    }

    /** Removes every {@code fdlab-} namespace whose owning JVM has exited, killing what still runs inside. */
    public static void removeOrphans() {
        Set<String> orphanIds = new TreeSet<>();
        List<String> namespaces = labNamespaces();
        for (String namespace : namespaces) {
            String id = labIdOf(namespace);
            if (!ownerAlive(id)) {
                orphanIds.add(id);
            }
        }
        for (String namespace : namespaces) {
            if (orphanIds.contains(labIdOf(namespace))) {
                NetworkLab.destroyNamespace(namespace);
            }
        }
        orphanIds.forEach(LabLeftovers::release);
    }

    /** Namespaces of all labs on this machine, with {@code ip netns list}'s "(id: N)" suffix dropped. */
    public static List<String> labNamespaces() {
        return IpCommand.run("netns", "list").lines()
                .map(line -> line.split("\\s+")[0])
                .filter(name -> name.startsWith(NetworkLab.PREFIX))
                .toList();
    }

    /** {@code fdlab-3f2a-dev1} → {@code 3f2a}; the switch namespace {@code fdlab-3f2a} → {@code 3f2a}. */
    public static String labIdOf(String namespace) {
        String rest = namespace.substring(NetworkLab.PREFIX.length());
        int dash = rest.indexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }

    private static boolean ownerAlive(String labId) {
        try {
            String[] token = Files.readString(ownerFile(labId)).trim().split(" ", 2);
            Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(token[0]));
            return owner.isPresent() && owner.get().isAlive() && token.length == 2
                    && token[1].equals(startOf(owner.get()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String selfToken() {
        return ProcessHandle.current().pid() + " " + startOf(ProcessHandle.current());
    }

    /** The start instant tells a live owner from an unrelated process that reused its pid. */
    private static String startOf(ProcessHandle handle) {
        return handle.info().startInstant().map(Object::toString).orElse("?");
    }

    private static Path ownerFile(String labId) {
        return OWNERS.resolve(labId + ".owner");
    }
}
