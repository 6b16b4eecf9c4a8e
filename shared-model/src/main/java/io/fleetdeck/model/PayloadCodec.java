package io.fleetdeck.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes protocol records to JSON and decodes them strictly: a payload either becomes a whole, valid record or
 * raises one {@link MalformedPayloadException} naming the reason. Telemetry may also travel in the compact binary
 * form ({@link TelemetryEncoding#COMPACT}); the telemetry decoders read both, told apart by the first byte.
 * Thread-safe; create one and share it.
 */
public final class PayloadCodec {
    private final JsonMapper mapper;
    private final ObjectWriter writer;
    private final Map<Class<?>, ObjectReader> readers = new HashMap<>();
    private final CompactTelemetry compact = new CompactTelemetry();

    public PayloadCodec() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Values are full-precision doubles; the JDK parser was a fifth of the console's ingest CPU.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(4096)
                        .maxNumberLength(32)
                        .build())
                .build();
        mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // The optional fields: a manifest from before anti-rollback has no securityVersion and means 0; an
                // info from before tags has none.
                .injectableValues(new InjectableValues.Std().addValue(FirmwareManifest.NO_SECURITY_VERSION, 0)
                        .addValue(DeviceInfo.NO_TAGS, List.of()))
                .build();
        // Scalars must arrive as their own JSON type: "21.5" is not a number and true is not 1.
        for (LogicalType type : new LogicalType[]{LogicalType.Float, LogicalType.Integer, LogicalType.Boolean,
                LogicalType.Textual, LogicalType.Enum}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        writer = mapper.writer();
        for (Class<?> type : new Class<?>[]{DeviceInfo.class, DeviceStatus.class, TelemetryBatch.class,
                CommandRequest.class, CommandResponse.class, DeviceEvent.class, FirmwareManifest.class,
                SignedManifest.class, InstallProgress.class, GpioState.class}) {
            readers.put(type, mapper.readerFor(type));
        }
    }

    /** JSON bytes of a protocol record, UTF-8. */
    public byte[] encode(Object value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** A telemetry batch in {@code encoding}: JSON as {@link #encode(Object)} writes it, or the compact form. */
    public byte[] encodeTelemetry(TelemetryBatch batch, TelemetryEncoding encoding) {
        return encoding == TelemetryEncoding.COMPACT ? compact.encode(batch) : encode(batch);
    }

    /**
     * The compact binary form of {@code batch} (docs/protocol.md). It groups the readings by sensor, so a decoded
     * batch lists them by sensor, each sensor's in the order sent, rather than interleaved as in {@code batch}.
     */
    public byte[] encodeTelemetryCompact(TelemetryBatch batch) {
        return compact.encode(batch);
    }

    public DeviceInfo decodeInfo(byte[] payload) throws MalformedPayloadException {
        return decode(payload, DeviceInfo.class);
    }

    public DeviceStatus decodeStatus(byte[] payload) throws MalformedPayloadException {
        return decode(payload, DeviceStatus.class);
    }

    /** A telemetry batch in either encoding: compact when the first byte is its mark, else JSON. */
    public TelemetryBatch decodeTelemetry(byte[] payload) throws MalformedPayloadException {
        return decode(payload, TelemetryBatch.class);
    }

    /**
     * A telemetry batch in either encoding as columns per sensor. For a compact payload this creates no
     * {@link Reading} objects at all; a JSON payload is decoded as usual and then regrouped.
     */
    public TelemetryColumns decodeTelemetryColumns(byte[] payload) throws MalformedPayloadException {
        if (TelemetryEncoding.of(payload) == TelemetryEncoding.COMPACT) {
            return compact.decodeColumns(payload);
        }
        return TelemetryColumns.of(decode(payload, TelemetryBatch.class));
    }

    public CommandRequest decodeCommand(byte[] payload) throws MalformedPayloadException {
        return decode(payload, CommandRequest.class);
    }

    public CommandResponse decodeResponse(byte[] payload) throws MalformedPayloadException {
        return decode(payload, CommandResponse.class);
    }

    public DeviceEvent decodeEvent(byte[] payload) throws MalformedPayloadException {
        return decode(payload, DeviceEvent.class);
    }

    public InstallProgress decodeInstall(byte[] payload) throws MalformedPayloadException {
        return decode(payload, InstallProgress.class);
    }

    public GpioState decodeGpio(byte[] payload) throws MalformedPayloadException {
        return decode(payload, GpioState.class);
    }

    /**
     * Decodes {@code payload} as {@code type}, one of the protocol records. The fast path binds straight to the
     * record; only a failure pays for a second look at the version field, so an unknown version is reported as
     * such rather than as whatever field the newer shape added.
     */
    public <T> T decode(byte[] payload, Class<T> type) throws MalformedPayloadException {
        String name = type.getSimpleName();
        ObjectReader reader = readers.get(type);
        if (reader == null) {
            throw new IllegalArgumentException(name + " is not a protocol payload");
        }
        if (payload == null || payload.length == 0) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.NOT_JSON, name, "empty payload", null);
        }
        if (type == TelemetryBatch.class && TelemetryEncoding.of(payload) == TelemetryEncoding.COMPACT) {
            return type.cast(compact.decode(payload));
        }
        if (payload.length > Payloads.MAX_PAYLOAD_BYTES) {
            throw new MalformedPayloadException(MalformedPayloadException.Reason.TOO_LARGE, name,
                    payload.length + " bytes, limit " + Payloads.MAX_PAYLOAD_BYTES, null);
        }
        T value;
        try {
            value = reader.readValue(payload);
        } catch (IOException e) {
            requireKnownVersion(payload, name, e);
            throw classify(name, e);
        }
        int version = versionOf(value);
        if (version != ProtocolVersion.CURRENT) {
            throw unknownVersion(name, String.valueOf(version), null);
        }
        return value;
    }

    private static int versionOf(Object value) {
        return switch (value) {
            case DeviceInfo info -> info.v();
            case DeviceStatus status -> status.v();
            case TelemetryBatch batch -> batch.v();
            case CommandRequest request -> request.v();
            case CommandResponse response -> response.v();
            case DeviceEvent event -> event.v();
            case FirmwareManifest manifest -> manifest.v();
            case SignedManifest signed -> signed.v();
            case InstallProgress progress -> progress.v();
            case GpioState gpio -> gpio.v();
            default -> throw new IllegalStateException("not a protocol payload: " + value.getClass());
        };
    }

    private void requireKnownVersion(byte[] payload, String name, IOException original)
            throws MalformedPayloadException {
        JsonNode tree;
        try {
            tree = mapper.readTree(payload);
        } catch (IOException notJson) {
            return;
        }
        if (tree == null || !tree.isObject()) {
            return;
        }
        JsonNode v = tree.get("v");
        if (v == null || !v.isInt() || v.intValue() != ProtocolVersion.CURRENT) {
            throw unknownVersion(name, v == null ? "none" : Identifiers.quote(v.toString()), original);
        }
    }

    private static MalformedPayloadException unknownVersion(String name, String found, Throwable cause) {
        return new MalformedPayloadException(MalformedPayloadException.Reason.UNKNOWN_VERSION, name,
                "version " + found + ", this side speaks v" + ProtocolVersion.CURRENT, cause);
    }

    private static MalformedPayloadException classify(String name, IOException e) {
        MalformedPayloadException.Reason reason;
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = MalformedPayloadException.Reason.UNKNOWN_FIELD;
            detail = "unknown field " + Identifiers.quote(unknown.getPropertyName());
        } else if (e instanceof ValueInstantiationException invalid) {
            Throwable cause = invalid.getCause() != null ? invalid.getCause() : invalid;
            boolean missing = cause instanceof NullPointerException;
            reason = missing ? MalformedPayloadException.Reason.MISSING_FIELD
                    : MalformedPayloadException.Reason.INVALID_VALUE;
            detail = (missing ? "missing " : "") + cause.getMessage() + at(invalid);
        } else if (e instanceof InvalidFormatException format) {
            reason = MalformedPayloadException.Reason.WRONG_TYPE;
            detail = "cannot read " + Identifiers.quote(String.valueOf(format.getValue())) + " as "
                    + format.getTargetType().getSimpleName() + at(format);
        } else if (e instanceof MismatchedInputException mismatch) {
            String message = String.valueOf(mismatch.getOriginalMessage());
            boolean missing = message.contains("Missing") || message.contains("Null value");
            reason = missing ? MalformedPayloadException.Reason.MISSING_FIELD
                    : MalformedPayloadException.Reason.WRONG_TYPE;
            detail = firstLine(message) + at(mismatch);
        } else if (e instanceof StreamConstraintsException) {
            reason = MalformedPayloadException.Reason.TOO_LARGE;
            detail = firstLine(e.getMessage());
        } else {
            reason = MalformedPayloadException.Reason.NOT_JSON;
            detail = e instanceof JsonProcessingException json ? firstLine(json.getOriginalMessage())
                    : firstLine(e.getMessage());
        }
        return new MalformedPayloadException(reason, name, detail, e);
    }

    private static String at(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
        return path.isEmpty() ? "" : " at " + path;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no detail)";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** The shared parser flags, exposed so tests can show NaN and trailing garbage are refused by policy. */
    boolean allowsNonNumericNumbers() {
        return mapper.isEnabled(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    }
}
