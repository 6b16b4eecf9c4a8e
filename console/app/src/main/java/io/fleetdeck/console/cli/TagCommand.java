package io.fleetdeck.console.cli;

import io.fleetdeck.console.groups.TagOverrides;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.console.storage.FleetDatabaseException;
import io.fleetdeck.model.DeviceId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code fleetdeck tag add|remove|list}: the operator's tags on devices, as the window's Tags dialog sets them. A
 * device's tags are its default tags (its config's {@code device.tags}, announced in its info) with these changes;
 * {@code remove} also takes away a default. Works without the window, beside it too.
 */
@Command(name = "tag", description = "Add or remove tags on devices, or list the tags the operator changed.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:fleet.db could not be read or written", "2:bad arguments"})
public final class TagCommand {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The console's data directory, whose fleet.db holds tags (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Command(name = "add", description = "Give a device tags (lower case; a-z 0-9 _ . : -).")
    int add(@Parameters(index = "0", paramLabel = "DEVICE") String device,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG") List<String> tags) {
        return change(device, tags, true);
    }

    @Command(name = "remove", description = "Take tags off a device, also tags its config gives it.")
    int remove(@Parameters(index = "0", paramLabel = "DEVICE") String device,
               @Parameters(index = "1..*", arity = "1..*", paramLabel = "TAG") List<String> tags) {
        return change(device, tags, false);
    }

    @Command(name = "list", description = "List the operator's tag changes per device: +added -removed.")
    int list(@Parameters(index = "0", arity = "0..1", paramLabel = "DEVICE") String device) {
        PrintWriter out = spec.commandLine().getOut();
        try (FleetStoreAccess store = new FleetStoreAccess(data, Clock.systemUTC())) {
            Map<DeviceId, TagOverrides> all = new TreeMap<>(java.util.Comparator.comparing(DeviceId::value));
            if (device != null) {
                all.put(DeviceId.of(device), store.groups().overrides(DeviceId.of(device)));
            } else {
                all.putAll(store.groups().allOverrides());
            }
            all.forEach((id, changes) -> out.println(id.value() + "\t" + describe(changes)));
            out.flush();
            return DONE;
        } catch (IllegalArgumentException e) {
            return usage(e);
        } catch (FleetDatabaseException e) {
            return failed(e);
        }
    }

    private int change(String device, List<String> tags, boolean add) {
        PrintWriter out = spec.commandLine().getOut();
        try (FleetStoreAccess store = new FleetStoreAccess(data, Clock.systemUTC())) {
            DeviceId id = DeviceId.of(device);
            TagOverrides changes = TagOverrides.NONE;
            for (String tag : tags) {
                changes = add ? store.groups().addTag(id, tag) : store.groups().removeTag(id, tag);
            }
            out.println(id.value() + "\t" + describe(changes));
            out.flush();
            return DONE;
        } catch (IllegalArgumentException e) {
            return usage(e);
        } catch (FleetDatabaseException e) {
            return failed(e);
        }
    }

    private static String describe(TagOverrides changes) {
        StringBuilder text = new StringBuilder();
        changes.added().forEach(tag -> text.append(text.isEmpty() ? "" : " ").append('+').append(tag));
        changes.removed().forEach(tag -> text.append(text.isEmpty() ? "" : " ").append('-').append(tag));
        return text.isEmpty() ? "(its defaults)" : text.toString();
    }

    private int usage(IllegalArgumentException e) {
        spec.commandLine().getErr().println("fleetdeck tag: " + e.getMessage());
        return USAGE;
    }

    private int failed(FleetDatabaseException e) {
        spec.commandLine().getErr().println("fleetdeck tag: " + e.getMessage());
        return FAILED;
    }
}
