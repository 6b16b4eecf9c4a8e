package io.fleetdeck.console.record;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Draws a {@link SensorTrace} as a PNG line chart with Java2D: time (UTC) across, value up, each pixel column from its
 * lowest to its highest reading, the line broken where the record has a gap, firmware installs as dashed lines.
 *
 * <p>Not a ChartFX snapshot on purpose: a record is written on a background thread (and by a command without a
 * window), and a picture made there needs neither the FX thread nor a scene; the chart looks plainer than the
 * window's, and holds the same min/max columns the window draws.
 */
final class ChartPng {
    static final int WIDTH = 900;
    static final int HEIGHT = 320;
    private static final int LEFT = 72;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    /** Columns of the plot area: what a {@link SensorTrace} for this chart must have. */
    static final int PLOT_COLUMNS = WIDTH - LEFT - RIGHT;
    private static final Color LINE = new Color(0x1f, 0x77, 0xb4);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    private static final Color MARKER = new Color(0xc0, 0x50, 0x20);

    private ChartPng() {
    }

    /**
     * @param title  what the chart shows ({@code pi-1 · SoC temperature (°C)})
     * @param gapMs  readings further apart than this are not joined by a line
     */
    static byte[] render(String title, SensorTrace trace, long gapMs, List<ChartMarker> markers) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.setColor(Color.DARK_GRAY);
            g.drawString(title, LEFT, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            double[] range = valueRange(trace);
            drawValueAxis(g, range);
            drawTimeAxis(g, trace.fromMs(), trace.toMs());
            if (trace.count() == 0) {
                g.setColor(Color.GRAY);
                g.drawString("no readings in this session", LEFT + PLOT_COLUMNS / 2 - 70, TOP + plotHeight() / 2);
            } else {
                drawTrace(g, trace, gapMs, range);
            }
            drawMarkers(g, trace, markers);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.GRAY);
            g.drawRect(LEFT, TOP, PLOT_COLUMNS, plotHeight());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            // Into memory: only a broken ImageIO installation gets here.
            throw new UncheckedIOException("cannot encode a chart as PNG", e);
        }
        return png.toByteArray();
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** The readings' extent with a little room; a flat line gets ±1 (or ±1 % of its value) around it. */
    private static double[] valueRange(SensorTrace trace) {
        if (trace.count() == 0) {
            return new double[]{0, 1};
        }
        double low = trace.min();
        double high = trace.max();
        if (high - low < 1e-12) {
            double pad = Math.abs(low) > 100 ? Math.abs(low) * 0.01 : 1;
            return new double[]{low - pad, high + pad};
        }
        double pad = (high - low) * 0.08;
        return new double[]{low - pad, high + pad};
    }

    private static double y(double value, double[] range) {
        return TOP + plotHeight() * (1 - (value - range[0]) / (range[1] - range[0]));
    }

    private static void drawValueAxis(Graphics2D g, double[] range) {
        double step = niceStep((range[1] - range[0]) / 5);
        FontMetrics metrics = g.getFontMetrics();
        for (double tick = Math.ceil(range[0] / step) * step; tick <= range[1]; tick += step) {
            int y = (int) Math.round(y(tick, range));
            g.setColor(GRID);
            g.drawLine(LEFT, y, LEFT + PLOT_COLUMNS, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(tick, step);
            g.drawString(label, LEFT - 6 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
    }

    private static void drawTimeAxis(Graphics2D g, long fromMs, long toMs) {
        long span = Math.max(1, toMs - fromMs);
        DateTimeFormatter format = DateTimeFormatter.ofPattern(span > 86_400_000L ? "MM-dd HH:mm" : "HH:mm:ss")
                .withZone(ZoneOffset.UTC);
        FontMetrics metrics = g.getFontMetrics();
        int ticks = 6;
        for (int i = 0; i <= ticks; i++) {
            long at = fromMs + span * i / ticks;
            int x = LEFT + PLOT_COLUMNS * i / ticks;
            g.setColor(GRID);
            g.drawLine(x, TOP, x, TOP + plotHeight());
            g.setColor(Color.DARK_GRAY);
            String label = format.format(Instant.ofEpochMilli(at));
            int width = metrics.stringWidth(label);
            int left = Math.clamp(x - width / 2, 0, WIDTH - width);
            g.drawString(label, left, TOP + plotHeight() + 16);
        }
        g.drawString("time (UTC)", LEFT + PLOT_COLUMNS / 2 - 25, HEIGHT - 6);
    }

    private static void drawTrace(Graphics2D g, SensorTrace trace, long gapMs, double[] range) {
        g.setColor(LINE);
        g.setStroke(new BasicStroke(1.3f));
        int[] filled = IntStream.range(0, trace.columns()).filter(trace::filled).toArray();
        boolean[] joined = new boolean[filled.length];
        for (int i = 1; i < filled.length; i++) {
            joined[i] = trace.firstMs(filled[i]) - trace.lastMs(filled[i - 1]) <= gapMs;
        }
        for (int i = 0; i < filled.length; i++) {
            int column = filled[i];
            double x = LEFT + column + 0.5;
            if (joined[i]) {
                int previous = filled[i - 1];
                g.draw(new Line2D.Double(LEFT + previous + 0.5, y(trace.last(previous), range), x,
                        y(trace.first(column), range)));
            }
            g.draw(new Line2D.Double(x, y(trace.low(column), range), x, y(trace.high(column), range)));
            boolean alone = !joined[i] && (i + 1 == filled.length || !joined[i + 1]);
            if (alone) {
                // A reading with no neighbour close enough: a dot, or it would not show at all.
                g.fill(new Ellipse2D.Double(x - 2.5, y(trace.high(column), range) - 2.5, 5, 5));
                g.fill(new Ellipse2D.Double(x - 2.5, y(trace.low(column), range) - 2.5, 5, 5));
            }
        }
    }

    private static void drawMarkers(Graphics2D g, SensorTrace trace, List<ChartMarker> markers) {
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
        FontMetrics metrics = g.getFontMetrics();
        for (ChartMarker marker : markers) {
            if (marker.atMs() < trace.fromMs() || marker.atMs() > trace.toMs()) {
                continue;
            }
            int x = LEFT + trace.column(marker.atMs());
            g.setColor(MARKER);
            g.drawLine(x, TOP, x, TOP + plotHeight());
            int width = metrics.stringWidth(marker.label());
            // Left of the line near the right edge, where a label to its right would be cut off.
            int left = x + 4 + width > LEFT + PLOT_COLUMNS ? x - 4 - width : x + 4;
            g.drawString(marker.label(), left, TOP + 14);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || !Double.isFinite(rough)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    private static String format(double tick, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step)));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", Math.abs(tick) < step / 1e6 ? 0 : tick);
    }
}
