package io.fleetdeck.console.broker.auth;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.DeviceId;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what an external Mosquitto 2.0 needs to enforce docs/security.md's broker roles into one directory:
 * {@code passwd} ({@link MosquittoPasswordFile}), {@code acl} ({@link MosquittoAcl}) and {@code fleetdeck.conf}, the
 * snippet that turns them on. Each file is replaced crash-safely, so a reload never reads a torn one.
 *
 * <p>Mosquitto started as root (systemd, CI) switches to its {@code mosquitto} user <em>before</em> it opens the
 * password and ACL files, and re-reads all three files as that user on SIGHUP; a file it cannot read leaves it with
 * no users at all, refusing every new client. Hence {@code owner}: the user the files are handed to. Without it they
 * belong to whoever runs this, which is right when Mosquitto runs as that same user.
 */
public final class MosquittoSecurityConfig {
    public static final String PASSWORD_FILE = "passwd";
    public static final String ACL_FILE = "acl";
    public static final String SNIPPET = "fleetdeck.conf";

    /** Hashes only, yet nobody else needs them; newer Mosquittos warn about readable password and ACL files. */
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    /** Only paths and switches, read by root at start and by the broker's user on reload. */
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path directory;
    private final Optional<String> owner;

    /**
     * @param owner the user Mosquitto runs as (e.g. {@code mosquitto}) to give the files to; needs root
     */
    public MosquittoSecurityConfig(Path directory, Optional<String> owner) {
        this.directory = directory.toAbsolutePath().normalize();
        this.owner = owner;
    }

    /**
     * Writes the three files for the console and every adopted device in {@code accounts}, replacing earlier ones.
     *
     * @throws MosquittoConfigException naming the file that could not be written or handed over
     */
    public MosquittoConfigFiles write(BrokerAccounts accounts) {
        if (directory.toString().chars().anyMatch(Character::isISOControl)) {
            // Mosquitto's config is line-based: a line break in the path would add lines of its own to the snippet.
            throw new MosquittoConfigException(directory, "the path contains a control character", null);
        }
        Optional<UserPrincipal> principal = owner.map(this::lookUp);
        // Read once: the passwd and the ACL must name the same devices even if an adoption lands meanwhile.
        Map<DeviceId, PasswordHash> devices = Map.copyOf(accounts.devicePasswords());
        createDirectory();
        Path passwd = directory.resolve(PASSWORD_FILE);
        Path acl = directory.resolve(ACL_FILE);
        Path snippet = directory.resolve(SNIPPET);
        // The snippet last: it names the other two, which must be complete once it does.
        replace(passwd, MosquittoPasswordFile.render(accounts.consolePassword(), devices), PRIVATE, principal);
        replace(acl, MosquittoAcl.render(devices.keySet()), PRIVATE, principal);
        replace(snippet, snippet(passwd, acl), PUBLIC, principal);
        return new MosquittoConfigFiles(directory, passwd, acl, snippet, devices.size());
    }

    /** The snippet's text; no {@code listener} lines, since the operator's own config has those. */
    static String snippet(Path passwd, Path acl) {
        return String.join("\n",
                "# Fleetdeck: who may connect and what each may do (docs/security.md).",
                "# Written by `fleetdeck broker-config`; rerun it after adopting devices, then reload mosquitto.",
                // One set of users and rules for every listener; with true, password_file and acl_file would apply
                // only to the listener above them, and the operator's other listeners would stay open.
                "per_listener_settings false",
                "allow_anonymous false",
                "password_file " + passwd,
                "acl_file " + acl,
                // The console acknowledges telemetry only once stored; until then the broker must keep what it
                // queued for the console's session, or a backlog would be dropped after the devices had their PUBACK.
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                "");
    }

    private void replace(Path file, String content, Set<PosixFilePermission> permissions,
                       Optional<UserPrincipal> principal) {
        try {
            DurableFiles.writeAtomically(file, content, permissions);
        } catch (IOException e) {
            throw new MosquittoConfigException(file, String.valueOf(e.getMessage()), e);
        }
        if (principal.isPresent()) {
            // After the rename, as DurableFiles creates the file itself: until then it is ours and 0600, so a
            // reload in between fails closed (no users) rather than open.
            try {
                Files.setOwner(file, principal.get());
            } catch (IOException e) {
                throw new MosquittoConfigException(file, "cannot give it to user " + principal.get().getName()
                        + " (only root can): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates the directory world-listable whatever the umask: Mosquitto lists it for {@code include_dir} on every
     * reload as its own user. The names in it are no secret; the files that matter are 0600.
     */
    private void createDirectory() {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, DIRECTORY);
        } catch (IOException e) {
            throw new MosquittoConfigException(directory, "cannot create the directory: " + e.getMessage(), e);
        }
    }

    private UserPrincipal lookUp(String user) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw new MosquittoConfigException(directory, "there is no user " + user + " on this machine", e);
        } catch (IOException e) {
            throw new MosquittoConfigException(directory, "cannot look up user " + user + ": " + e.getMessage(), e);
        }
    }
}
