package io.fleetdeck.console.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Keeps HiveMQ's start-up and per-connection chatter out of the console's log.
 *
 * <p>HiveMQ's own logging bootstrap is switched off ({@code withoutLoggingBootstrap()}): it detaches the root
 * appenders during start-up and, if its config folder holds a {@code logback.xml}, resets the whole logback context,
 * which would throw away the console's configuration. Instead these loggers get a quieter level, but only where the
 * console's {@code logback.xml} did not set one, so an operator can still turn HiveMQ's debug logging on there.
 */
final class HiveMqLogging {
    private static final Map<String, Level> QUIET = Map.of(
            "com.hivemq", Level.WARN,
            "io.netty", Level.WARN,
            "jetbrains.exodus", Level.WARN,
            "migrations", Level.WARN,
            "oshi", Level.ERROR,
            "org.jboss.logging", Level.WARN);

    private HiveMqLogging() {
    }

    static void quieten() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: its configuration decides
        }
        QUIET.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(level);
            }
        });
    }
}
