package io.fleetdeck.daemon.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.KeyFingerprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The console that adopted this device, pinned by the fingerprint of its operator key: once there is one, the daemon
 * follows only mDNS announcements of this console id with this {@code fp=}. Kept in {@code <state>/console.json} as
 * {@code {"consoleId":"console-lab","key":"SHA256:…"}}, written crash-safely; deleting the file (a reset) makes the
 * device follow any console again, as before adoption.
 *
 * @param consoleId the console's id, as its announcements carry it in {@code console=}
 * @param key       fingerprint of the console's operator key, as its announcements carry it in {@code fp=}
 */
public record AdoptedConsole(String consoleId, KeyFingerprint key) {
    public static final String FILE = "console.json";
    /** Far above the ~100 bytes a pin takes: anything bigger is not one of ours. */
    private static final int MAX_BYTES = 4096;
    private static final Set<String> FIELDS = Set.of("consoleId", "key");
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public AdoptedConsole {
        if (consoleId == null || !Identifiers.DEVICE_ID.matcher(consoleId).matches()) {
            throw new IllegalArgumentException("not a console id: " + Identifiers.quote(consoleId));
        }
        Objects.requireNonNull(key, "key");
    }

    /**
     * The pin in {@code stateDir}, or empty when the device was never adopted (no file; a leftover temporary file of
     * an interrupted save is never read).
     *
     * @throws ConsolePinException when the file exists but cannot be read or is not exactly a pin
     */
    public static Optional<AdoptedConsole> load(Path stateDir) throws ConsolePinException {
        Path file = stateDir.resolve(FILE);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConsolePinException(file, "over " + MAX_BYTES + " bytes, not a console pin", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ConsolePinException(file, "cannot read the console pin: " + e.getMessage(), e);
        }
        return Optional.of(parse(file, bytes));
    }

    /** Replaces {@code <stateDir>/console.json} with this pin; a crash leaves the old pin or this one, never half. */
    public void save(Path stateDir) throws IOException {
        DurableFiles.writeAtomically(stateDir.resolve(FILE), toJson());
    }

    String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("consoleId", consoleId);
        node.put("key", key.value());
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("two strings always encode", e);
        }
    }

    private static AdoptedConsole parse(Path file, byte[] bytes) throws ConsolePinException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ConsolePinException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConsolePinException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ConsolePinException(file, "not a JSON object", null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ConsolePinException(file, "unknown field " + Identifiers.quote(name), null);
            }
        }
        try {
            return new AdoptedConsole(text(file, node, "consoleId"), new KeyFingerprint(text(file, node, "key")));
        } catch (IllegalArgumentException e) {
            throw new ConsolePinException(file, e.getMessage(), e);
        }
    }

    private static String text(Path file, JsonNode node, String field) throws ConsolePinException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ConsolePinException(file, (value == null ? "missing " : "non-text ") + field, null);
        }
        return value.textValue();
    }
}
