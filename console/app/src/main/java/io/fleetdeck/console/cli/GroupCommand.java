package io.fleetdeck.console.cli;

import io.fleetdeck.console.groups.DeviceGroup;
import io.fleetdeck.console.groups.GroupFilter;
import io.fleetdeck.console.groups.GroupNotFoundException;
import io.fleetdeck.console.groups.TagText;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.console.storage.FleetDatabaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code fleetdeck group save|delete|list}: saved groups, the same the window's Groups menu selects and
 * {@code deploy --group} installs on. A group is a filter (tags, model prefix, firmware version), evaluated when it
 * is used.
 */
@Command(name = "group", description = "Save, delete or list groups of devices defined by tags, model and firmware.",
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:fleet.db could not be read or written, or no such group", "2:bad arguments"})
public final class GroupCommand {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"--data-dir", "--data"}, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The console's data directory, whose fleet.db holds groups (default: ${DEFAULT-VALUE}).")
    private Path data = DataDirectory.xdgDefault();

    @Command(name = "save", description = "Save a group (replacing one of that name): devices with every --tag, "
            + "a model starting with --model and firmware --firmware.")
    int save(@Parameters(index = "0", paramLabel = "NAME") String name,
             @Option(names = "--tag", paramLabel = "TAG", description = "A tag members have; repeatable.")
             List<String> tags,
             @Option(names = "--model", paramLabel = "PREFIX", description = "Members' model starts with it.")
             String model,
             @Option(names = "--firmware", paramLabel = "VERSION", description = "Members run this version.")
             String firmware) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            TreeSet<String> parsed = new TreeSet<>();
            for (String tag : tags == null ? List.<String>of() : tags) {
                parsed.addAll(TagText.parse(tag));
            }
            DeviceGroup group = new DeviceGroup(name, new GroupFilter(parsed, Optional.ofNullable(model),
                    Optional.ofNullable(firmware)));
            try (FleetStoreAccess store = new FleetStoreAccess(data, Clock.systemUTC())) {
                store.groups().saveGroup(group);
            }
            out.println(describe(group));
            out.flush();
            return DONE;
        } catch (IllegalArgumentException e) {
            return error(e.getMessage(), USAGE);
        } catch (FleetDatabaseException e) {
            return error(e.getMessage(), FAILED);
        }
    }

    @Command(name = "delete", description = "Delete a saved group (its devices keep their tags).")
    int delete(@Parameters(index = "0", paramLabel = "NAME") String name) {
        try (FleetStoreAccess store = new FleetStoreAccess(data, Clock.systemUTC())) {
            store.groups().deleteGroup(name);
            spec.commandLine().getOut().println("deleted " + name);
            spec.commandLine().getOut().flush();
            return DONE;
        } catch (GroupNotFoundException | FleetDatabaseException e) {
            return error(e.getMessage(), FAILED);
        }
    }

    @Command(name = "list", description = "List the saved groups and their filters.")
    int list() {
        try (FleetStoreAccess store = new FleetStoreAccess(data, Clock.systemUTC())) {
            List<String> lines = new ArrayList<>();
            store.groups().groups().forEach(group -> lines.add(describe(group)));
            PrintWriter out = spec.commandLine().getOut();
            lines.forEach(out::println);
            out.flush();
            return DONE;
        } catch (FleetDatabaseException e) {
            return error(e.getMessage(), FAILED);
        }
    }

    private static String describe(DeviceGroup group) {
        return group.name() + "\t" + group.filter().describe();
    }

    private int error(String message, int code) {
        spec.commandLine().getErr().println("fleetdeck group: " + message);
        return code;
    }
}
