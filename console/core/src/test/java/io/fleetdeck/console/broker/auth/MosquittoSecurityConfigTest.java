package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.mqtt.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class MosquittoSecurityConfigTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;

    @Test
    void writesPasswdAndAclForOwnerOnlyAndASnippetThatNamesThemByAbsolutePath() throws Exception {
        Path target = dir.resolve("mosquitto");

        MosquittoConfigFiles files = new MosquittoSecurityConfig(target, Optional.empty()).write(accounts("dev-a"));

        assertThat(files.passwordFile()).isEqualTo(target.resolve("passwd")).isAbsolute();
        assertThat(permissions(files.passwordFile())).isEqualTo("rw-------");
        assertThat(permissions(files.aclFile())).isEqualTo("rw-------");
        assertThat(permissions(files.snippet())).isEqualTo("rw-r--r--");
        assertThat(permissions(target)).isEqualTo("rwxr-xr-x");
        assertThat(files.devices()).isEqualTo(1);
        assertThat(Files.readString(files.snippet()).lines().filter(line -> !line.startsWith("#")))
                .containsExactly("per_listener_settings false", "allow_anonymous false",
                        "password_file " + target.resolve("passwd"), "acl_file " + target.resolve("acl"),
                        "max_queued_messages 1000000", "max_queued_bytes 0");
        assertThat(files.includeLine()).isEqualTo("include_dir " + target);
    }

    @Test
    void leavesOnlyTheSnippetForIncludeDirToRead() throws Exception {
        MosquittoConfigFiles files = new MosquittoSecurityConfig(dir, Optional.empty()).write(accounts("dev-a"));

        try (var names = Files.list(dir)) {
            assertThat(names.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".conf")))
                    .containsExactly(files.snippet().getFileName().toString());
        }
    }

    @Test
    void rewritingReplacesTheDevicesOfTheLastRun() throws Exception {
        MosquittoSecurityConfig config = new MosquittoSecurityConfig(dir, Optional.empty());
        config.write(accounts("dev-a", "dev-b"));

        MosquittoConfigFiles files = config.write(accounts("dev-b", "dev-c"));

        assertThat(Files.readString(files.passwordFile())).doesNotContain("dev-a:").contains("dev-b:", "dev-c:");
        assertThat(Files.readString(files.aclFile())).doesNotContain("user dev-a").contains("user dev-c");
    }

    @Test
    void refusesAnOwnerThatDoesNotExistBeforeWritingAnything() {
        MosquittoSecurityConfig config = new MosquittoSecurityConfig(dir.resolve("m"),
                Optional.of("no-such-user-fd9"));

        assertThatThrownBy(() -> config.write(accounts("dev-a"))).isInstanceOf(MosquittoConfigException.class)
                .hasMessageContaining("no-such-user-fd9")
                .satisfies(e -> assertThat(((MosquittoConfigException) e).file()).isEqualTo(dir.resolve("m")));
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void givesTheFilesToTheUserMosquittoRunsAs() throws Exception {
        Optional<String> user = MosquittoBroker.dropsPrivilegesTo();
        assumeThat(user).as("only root can give files away").isPresent();

        MosquittoConfigFiles files = new MosquittoSecurityConfig(dir, user).write(accounts("dev-a"));

        assertThat(Files.getOwner(files.passwordFile()).getName()).isEqualTo(user.get());
        assertThat(Files.getOwner(files.aclFile()).getName()).isEqualTo(user.get());
        assertThat(permissions(files.passwordFile())).isEqualTo("rw-------");
    }

    @Test
    void namesTheFileItCouldNotWrite() throws Exception {
        Path blocked = Files.createDirectories(dir.resolve("m/passwd"));
        Files.writeString(blocked.resolve("keep"), "a directory where passwd should go");

        assertThatThrownBy(() -> new MosquittoSecurityConfig(dir.resolve("m"), Optional.empty())
                .write(accounts("dev-a")))
                .isInstanceOf(MosquittoConfigException.class)
                .satisfies(e -> assertThat(((MosquittoConfigException) e).file()).isEqualTo(blocked));
    }

    @Test
    void refusesADirectoryWhoseNameWouldAddLinesToTheSnippet() {
        Path sneaky = dir.resolve("m\nallow_anonymous true");

        assertThatThrownBy(() -> new MosquittoSecurityConfig(sneaky, Optional.empty()).write(accounts("dev-a")))
                .isInstanceOf(MosquittoConfigException.class).hasMessageContaining("control character");
        assertThat(sneaky).doesNotExist();
    }

    private FixedAccounts accounts(String... devices) {
        Map<DeviceId, PasswordHash> hashes = new HashMap<>();
        for (String device : devices) {
            hashes.put(DeviceId.of(device), PasswordHash.of(device + "-pw", random));
        }
        return new FixedAccounts(PasswordHash.of("console-pw", random), hashes);
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
