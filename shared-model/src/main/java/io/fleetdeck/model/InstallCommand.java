package io.fleetdeck.model;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The arguments of {@code cmd/install} and {@code cmd/preflight}: which job, what release, where to fetch it. Carried
 * as {@link CommandRequest} string arguments so every command has one envelope; the manifest travels as its own JSON.
 *
 * @param job       the console's job id, echoed in every {@link InstallProgress}
 * @param manifest  the signed release; the device checks it before anything else
 * @param image     http URL of the file as served (compressed or not); carries no secret
 * @param token     per-job bearer token for the image server; never logged
 * @param imageSize bytes of the file as served, for progress; 0 when unknown
 * @param fileName  the file's name, which tells its format ({@code .img}, {@code .img.xz}, …)
 * @param allowDowngrade the operator allows a release below the device's committed security version (argument
 *                  {@code allowDowngrade=true}, sent only when true; the command's signature covers it)
 */
public record InstallCommand(String job, SignedManifest manifest, URI image, String token, long imageSize,
                             String fileName, boolean allowDowngrade) {
    public static final String ALLOW_DOWNGRADE = "allowDowngrade";
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._+-]{1,200}");

    public InstallCommand {
        if (job == null || !JOB.matcher(job).matches()) {
            throw new IllegalArgumentException("job id must be 1-64 of A-Z a-z 0-9 _ -: " + Identifiers.quote(job));
        }
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(image, "image");
        if (!"http".equals(image.getScheme()) && !"https".equals(image.getScheme()) || image.getHost() == null) {
            throw new IllegalArgumentException("image is not an http(s) URL: " + Identifiers.quote(image.toString()));
        }
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("token must be 16-128 of A-Z a-z 0-9 _ -");
        }
        if (imageSize < 0) {
            throw new IllegalArgumentException("imageSize is negative: " + imageSize);
        }
        if (fileName == null || !FILE.matcher(fileName).matches() || fileName.startsWith(".")) {
            throw new IllegalArgumentException("file name must be 1-200 of A-Z a-z 0-9 . _ + - and not start with"
                    + " a dot: " + Identifiers.quote(fileName));
        }
    }

    public InstallCommand(String job, SignedManifest manifest, URI image, String token, long imageSize,
                          String fileName) {
        this(job, manifest, image, token, imageSize, fileName, false);
    }

    /** The same command with the operator's permission to go below the device's security version. */
    public InstallCommand allowingDowngrade() {
        return new InstallCommand(job, manifest, image, token, imageSize, fileName, true);
    }

    public CommandRequest toRequest(PayloadCodec codec) {
        Map<String, String> args = new HashMap<>();
        args.put("job", job);
        args.put("manifest", new String(codec.encode(manifest), StandardCharsets.UTF_8));
        args.put("url", image.toString());
        args.put("token", token);
        args.put("size", Long.toString(imageSize));
        args.put("file", fileName);
        if (allowDowngrade) {
            args.put(ALLOW_DOWNGRADE, "true");
        }
        return new CommandRequest(args);
    }

    /**
     * Reads the arguments of a request strictly: every field present and valid, nothing else.
     *
     * @throws MalformedPayloadException naming the first thing wrong
     */
    public static InstallCommand from(CommandRequest request, PayloadCodec codec) throws MalformedPayloadException {
        Map<String, String> args = request.args();
        for (String key : args.keySet()) {
            if (!Map.of("job", 0, "manifest", 0, "url", 0, "token", 0, "size", 0, "file", 0, ALLOW_DOWNGRADE, 0)
                    .containsKey(key)) {
                throw malformed(MalformedPayloadException.Reason.UNKNOWN_FIELD, "unknown argument "
                        + Identifiers.quote(key), null);
            }
        }
        SignedManifest manifest = codec.decode(required(args, "manifest").getBytes(StandardCharsets.UTF_8),
                SignedManifest.class);
        try {
            long size;
            try {
                size = Long.parseLong(required(args, "size"));
            } catch (NumberFormatException e) {
                throw malformed(MalformedPayloadException.Reason.WRONG_TYPE, "size is not a number", e);
            }
            String downgrade = args.getOrDefault(ALLOW_DOWNGRADE, "false");
            if (!downgrade.equals("true") && !downgrade.equals("false")) {
                throw malformed(MalformedPayloadException.Reason.WRONG_TYPE, ALLOW_DOWNGRADE + " is not true or false",
                        null);
            }
            return new InstallCommand(required(args, "job"), manifest, URI.create(required(args, "url")),
                    required(args, "token"), size, required(args, "file"), Boolean.parseBoolean(downgrade));
        } catch (IllegalArgumentException e) {
            throw malformed(MalformedPayloadException.Reason.INVALID_VALUE, e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> args, String key) throws MalformedPayloadException {
        String value = args.get(key);
        if (value == null) {
            throw malformed(MalformedPayloadException.Reason.MISSING_FIELD, "missing argument " + key, null);
        }
        return value;
    }

    private static MalformedPayloadException malformed(MalformedPayloadException.Reason reason, String detail,
                                                       Throwable cause) {
        return new MalformedPayloadException(reason, "InstallCommand", detail, cause);
    }

    @Override
    public String toString() {
        return "InstallCommand[job " + job + ", " + manifest.manifest().version() + " from " + image
                + (allowDowngrade ? ", downgrade allowed" : "") + "]";
    }
}
