package io.fleetdeck.console.groups;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InvalidIdentifierException;
import io.fleetdeck.model.Slot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tags and groups in a real {@code fleet.db}, reopened as a restarted console does. */
class StoredFleetGroupsTest {
    private static final DeviceId PI_1 = DeviceId.of("pi-1");
    private static final DeviceId PI_2 = DeviceId.of("pi-2");
    private static final DeviceId PI_3 = DeviceId.of("pi-3");

    @TempDir
    Path dir;

    private final FleetRegistry registry = new FleetRegistry();

    private void announce(DeviceId id, String model, String firmware, List<String> tags) {
        registry.recordInfo(id, new DeviceInfo(model, "", id.value(), firmware, Slot.A, List.of(), List.of(), 1)
                .withTags(tags), 1);
    }

    private StoredFleetGroups open(FleetDatabase database) {
        return new StoredFleetGroups(database, new SqliteAuditLog(database, Clock.systemUTC(), "alice"),
                Clock.systemUTC());
    }

    @Test
    void tagsAreTheDevicesDefaultsWithTheOperatorsChangesAndSurviveAReopen() {
        announce(PI_1, "Raspberry Pi 4 Model B", "1.0.0", List.of("lab", "floor-2"));
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(database);
            assertThat(groups.tags(registry.device(PI_1).orElseThrow())).containsExactly("floor-2", "lab");
            groups.setTags(PI_1, List.of("lab", "floor-2"), List.of("lab", "Canary"));
        }
        try (FleetDatabase reopened = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(reopened);
            assertThat(groups.tags(registry.device(PI_1).orElseThrow())).containsExactly("canary", "lab");
            assertThat(groups.overrides(PI_1).removed()).containsExactly("floor-2");
            // A default the device gains later still arrives; the one the operator removed stays away.
            announce(PI_1, "Raspberry Pi 4 Model B", "1.0.0", List.of("lab", "floor-2", "east"));
            assertThat(groups.tags(registry.device(PI_1).orElseThrow())).containsExactly("canary", "east", "lab");
        }
    }

    @Test
    void addAndRemoveWorkWithoutKnowingTheDefaults() {
        announce(PI_2, "Raspberry Pi 5", "1.0.0", List.of("lab"));
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(database);
            groups.addTag(PI_2, "canary");
            groups.removeTag(PI_2, "lab");
            assertThat(groups.tags(registry.device(PI_2).orElseThrow())).containsExactly("canary");
            groups.removeTag(PI_2, "canary");
            assertThat(groups.overrides(PI_2).added()).isEmpty();
            assertThat(groups.allOverrides()).containsOnlyKeys(PI_2);
            assertThatThrownBy(() -> groups.addTag(PI_2, "two words")).isInstanceOf(InvalidIdentifierException.class);
        }
    }

    @Test
    void aSavedGroupHoldsTheDevicesItsFilterMatchesAndSurvivesAReopen() {
        announce(PI_1, "Raspberry Pi 4 Model B Rev 1.4", "1.0.0", List.of("lab"));
        announce(PI_2, "Raspberry Pi 4 Model B Rev 1.5", "2.0.0", List.of("lab"));
        announce(PI_3, "Raspberry Pi 5", "1.0.0", List.of("lab"));
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(database);
            groups.saveGroup(new DeviceGroup("old pi4 lab", GroupFilter.of(List.of("lab"),
                    Optional.of("Raspberry Pi 4"), Optional.of("1.0.0"))));
            groups.saveGroup(new DeviceGroup("canaries", GroupFilter.of(List.of("canary"), Optional.empty(),
                    Optional.empty())));
            assertThat(groups.members("canaries", registry.devices())).isEmpty();
            groups.addTag(PI_3, "canary");
            assertThat(groups.members("canaries", registry.devices())).containsExactly(PI_3);
        }
        try (FleetDatabase reopened = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(reopened);
            assertThat(groups.groups()).extracting(DeviceGroup::name).containsExactly("canaries", "old pi4 lab");
            assertThat(groups.group("old pi4 lab").orElseThrow().filter().describe())
                    .isEqualTo("tags lab · model Raspberry Pi 4 · firmware 1.0.0");
            assertThat(groups.members("old pi4 lab", registry.devices())).containsExactly(PI_1);
            assertThat(groups.members("canaries", registry.devices())).containsExactly(PI_3);
            groups.deleteGroup("canaries");
            assertThat(groups.group("canaries")).isEmpty();
            assertThatThrownBy(() -> groups.members("canaries", registry.devices()))
                    .isInstanceOf(GroupNotFoundException.class).hasMessageContaining("canaries");
        }
    }

    @Test
    void everyTagAndGroupChangeIsAuditedWithUserAndOutcome() {
        try (FleetDatabase database = FleetDatabase.open(dir, Clock.systemUTC())) {
            StoredFleetGroups groups = open(database);
            groups.addTag(PI_1, "lab");
            groups.saveGroup(new DeviceGroup("lab", GroupFilter.of(List.of("lab"), Optional.empty(),
                    Optional.empty())));
            groups.saveGroup(new DeviceGroup("lab", GroupFilter.of(List.of("lab"), Optional.empty(),
                    Optional.of("2.0.0"))));
            assertThatThrownBy(() -> groups.deleteGroup("nope")).isInstanceOf(GroupNotFoundException.class);
            List<AuditEntry> entries = new SqliteAuditLog(database, Clock.systemUTC(), "bob")
                    .entries(Optional.empty());
            assertThat(entries).extracting(AuditEntry::action).containsExactly(AuditAction.TAG_CHANGE,
                    AuditAction.GROUP_SAVE, AuditAction.GROUP_SAVE, AuditAction.GROUP_DELETE);
            assertThat(entries).extracting(AuditEntry::user).containsOnly("alice");
            assertThat(entries).extracting(AuditEntry::outcome).containsExactly(AuditOutcome.SUCCEEDED,
                    AuditOutcome.SUCCEEDED, AuditOutcome.SUCCEEDED, AuditOutcome.FAILED);
            assertThat(entries.get(0).target()).isEqualTo("pi-1");
            assertThat(entries.get(0).detail()).isEqualTo("added lab");
            assertThat(entries.get(1).detail()).isEqualTo("new: tags lab");
            assertThat(entries.get(2).detail()).isEqualTo("tags lab → tags lab · firmware 2.0.0");
            assertThat(entries.get(3).detail()).isEqualTo("no such group");
        }
    }
}
