package org.histo4j.slide.synthetic;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.histo4j.Histo4jException;

/**
 * Writes a synthetic slide as an Aperio-like pyramidal TIFF: the pixels are streamed strip by strip into a raw
 * file (a slide is never held in memory), libvips builds the tiled JPEG pyramid ({@code vips tiffsave --tile
 * --pyramid}), and libtiff's {@code tiffset} writes an Aperio image description with {@code MPP} and
 * {@code AppMag}, so that OpenSlide reports vendor {@code aperio}, the microns per pixel and the objective power.
 */
public final class SyntheticSlideWriter {

    private static final int STRIP_ROWS = 256;
    private static final int TILE = 256;

    private final double mpp;
    private final int objectivePower;
    private final int jpegQuality;

    private SyntheticSlideWriter(double mpp, int objectivePower, int jpegQuality) {
        this.mpp = mpp;
        this.objectivePower = objectivePower;
        this.jpegQuality = jpegQuality;
    }

    /** A writer for slides at {@code mpp} microns per pixel and that objective power (e.g. 0.5 and 20). */
    public static SyntheticSlideWriter create(double mpp, int objectivePower) {
        if (!(mpp > 0) || objectivePower < 1) {
            throw new IllegalArgumentException("mpp and objective power must be positive, got " + mpp + ", "
                    + objectivePower);
        }
        return new SyntheticSlideWriter(mpp, objectivePower, 85);
    }

    /** Writes the slide; {@code out} must not exist yet. */
    public Path write(SlideLayout layout, SlidePainter painter, Path out) throws IOException {
        if (Files.exists(out)) {
            throw new Histo4jException("slide " + out + " already exists");
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path raw = Files.createTempFile(parent, ".synthetic-", ".raw");
        Path vips = raw.resolveSibling(raw.getFileName() + ".v");
        try {
            writeRaw(layout, painter, raw);
            run(List.of("vips", "rawload", raw.toString(), vips.toString(), Integer.toString(layout.width()),
                    Integer.toString(layout.height()), "3"));
            Files.delete(raw);
            run(List.of("vips", "tiffsave", vips.toString(), out.toString(), "--tile", "--tile-width",
                    Integer.toString(TILE), "--tile-height", Integer.toString(TILE), "--pyramid", "--compression",
                    "jpeg", "--Q", Integer.toString(jpegQuality)));
            run(List.of("tiffset", "-s", "270", description(layout), out.toString()));
            return out;
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(vips);
        }
    }

    /** The Aperio image description OpenSlide parses: the first line names the vendor, then key = value pairs. */
    String description(SlideLayout layout) {
        return String.format(Locale.ROOT, "Aperio Image Library v10.0.0 (histo4j synthetic)%n"
                        + "%dx%d [0,0 %dx%d] (%dx%d) JPEG/RGB Q=%d|AppMag = %d|MPP = %.4f",
                layout.width(), layout.height(), layout.width(), layout.height(), TILE, TILE, jpegQuality,
                objectivePower, mpp);
    }

    private static void writeRaw(SlideLayout layout, SlidePainter painter, Path raw) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw), 1 << 20)) {
            for (int y0 = 0; y0 < layout.height(); y0 += STRIP_ROWS) {
                int rows = Math.min(STRIP_ROWS, layout.height() - y0);
                byte[] rgb = new byte[rows * layout.width() * 3];
                painter.paint(y0, layout.width(), rows, layout.strip(y0, rows), rgb);
                out.write(rgb);
            }
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Histo4jException(command.getFirst() + " not found: synthetic slides need libvips-tools and "
                    + "libtiff-tools (run environment/setup.sh)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new Histo4jException(command.getFirst() + " " + command.get(1) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Histo4jException("interrupted while writing a synthetic slide", e);
        }
    }
}
