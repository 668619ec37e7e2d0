package org.histo4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.histo4j.Folders;

/** Test helper: renders a local HTML file in headless Chromium, network off, and returns the screenshot. */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    static BufferedImage screenshot(Path html, int width, int height) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: run environment/setup.sh");
        }
        Path profile = Files.createTempDirectory("histo4j-chromium");
        Path png = profile.resolve("shot.png");
        Process process = new ProcessBuilder(List.of(BINARY.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                // every request that leaves the machine goes to a closed port: the page must not need the network
                "--proxy-server=http://127.0.0.1:9", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--virtual-time-budget=15000", "--hide-scrollbars",
                "--screenshot=" + png, html.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s");
        }
        try {
            if (!Files.exists(png)) {
                throw new IllegalStateException("chromium wrote no screenshot (exit " + process.exitValue() + ")");
            }
            return ImageIO.read(png.toFile());
        } finally {
            Folders.deleteTree(profile);
        }
    }

    /** Pixels of exactly this colour (Plotly fills bars with flat colours, e.g. #1f77b4 for the first trace). */
    static int countColour(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
