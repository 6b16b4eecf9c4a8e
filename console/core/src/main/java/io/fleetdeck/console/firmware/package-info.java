/**
 * The console's firmware services: the operator's signing key, the image library and the HTTP server devices
 * download from. No JavaFX here: imports run on worker threads and in the headless {@code deploy} command.
 *
 * <p>On disk, under the console's data dir:
 * <ul>
 *   <li>{@code operator-key.pem}: the Ed25519 key pair (PKCS#8 private, X.509 public), mode 0600.</li>
 *   <li>{@code firmware.db}: one row per image, schema versioned by {@code PRAGMA user_version}, kept apart from
 *       the history file so the two never compete for migration numbers; since version 2 also the rollout jobs
 *       ({@code io.fleetdeck.console.rollout.SqliteJobStore}), with each unfinished job's download token.</li>
 *   <li>{@code firmware/<raw-sha256>.<ext>}: each image exactly as imported (still compressed), named by the hash
 *       of the raw image, so one image is stored once whatever container it came in.
 *       {@code firmware/.import-*.tmp} are copies being checked; a crash leaves them, the next start removes them.</li>
 * </ul>
 */
package io.fleetdeck.console.firmware;
