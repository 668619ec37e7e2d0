package org.histo4j.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.histo4j.data.ClassSpec;
import org.histo4j.data.Grouping;
import org.histo4j.data.ImageFailurePolicy;
import org.histo4j.data.ImageSource;
import org.histo4j.data.Layout;
import org.histo4j.data.TestImages;
import org.histo4j.data.UnreadableImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    private Path noise(String name, String format) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ImageIO.write(image, format, file.toFile());
        return file;
    }

    private static Path cutInHalf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }

    @Test
    void aJpegOrPngCutInHalfIsUnreadableWhereImageIoReturnsAPaddedImage() throws IOException {
        Path jpeg = noise("half.jpg", "jpeg");
        Path png = noise("half.png", "png");
        assertEquals(64, ImageFiles.decode(jpeg).getWidth(), "the intact file decodes");
        assertEquals(64, ImageFiles.decode(png).getHeight());
        cutInHalf(jpeg);
        cutInHalf(png);
        assertNotNull(ImageIO.read(jpeg.toFile()), "ImageIO.read alone hands back the grey-padded JPEG");

        UnreadableImageException j = assertThrows(UnreadableImageException.class, () -> ImageFiles.decode(jpeg));
        assertTrue(j.getMessage().startsWith("unreadable image " + jpeg + ": truncated or corrupt"), j.getMessage());
        UnreadableImageException p = assertThrows(UnreadableImageException.class, () -> ImageFiles.decode(png));
        assertTrue(p.getMessage().startsWith("unreadable image " + png + ": truncated or corrupt"), p.getMessage());
    }

    @Test
    void dataCheckListsATruncatedImageAndAFailingSourceRefusesIt() throws IOException {
        TestImages.png(dir.resolve("a/ok.png"), 0x336699, 8);
        TestImages.png(dir.resolve("b/ok.png"), 0x996633, 8);
        Path cut = cutInHalf(noise("b/cut.jpg", "jpeg"));
        var manifest = TestImages.manifest("t", List.of(ClassSpec.unknownCount("a"), ClassSpec.unknownCount("b")),
                -1, Layout.FOLDER, Map.of(), Grouping.IMAGE);

        ManifestChecker.Report report = ManifestChecker.check(manifest, dir);
        assertEquals(1, report.unreadable().size(), report.toString());
        assertTrue(report.unreadable().getFirst().startsWith(cut + " (truncated or corrupt"), report.toString());
        try (ImageSource source = Sources.open(manifest, dir, ImageFailurePolicy.FAIL, 0)) {
            int index = source.location(1).equals(cut.toString()) ? 1 : 2;
            assertEquals(cut.toString(), source.location(index));
            assertThrows(UnreadableImageException.class, () -> source.read(index));
        }
    }
}
