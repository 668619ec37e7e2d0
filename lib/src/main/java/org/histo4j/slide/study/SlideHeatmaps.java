package org.histo4j.slide.study;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import org.histo4j.data.ImageGrid;
import org.histo4j.slide.heatmap.Heatmap;
import org.histo4j.slide.mil.Bag;
import org.histo4j.slide.mil.SlidePrediction;
import org.histo4j.slide.mil.TrainedSlideModel;

/**
 * Draws what a trained slide classifier attends to: the tile weights of one slide over its thumbnail, with the
 * tissue outline and a colour bar ({@link Heatmap}), and a gallery of the top-k tiles read at full resolution.
 */
public final class SlideHeatmaps {

    /** The PNG files written and the slide's predicted positive probability. */
    public record Written(Path heatmap, Path gallery, double positiveScore) {}

    private SlideHeatmaps() {}

    /**
     * Writes the heatmap of {@code bag} (tiles of {@code tileSize} level-0 pixels on {@code slidePath}) to
     * {@code out} and its top-{@code k} gallery beside it ({@code NAME-topk.png}).
     */
    public static Written write(Path slidePath, Bag bag, int tileSize, TrainedSlideModel model, Path out, int k,
            int thumbnailSize) {
        SlidePrediction prediction = model.predict(List.of(bag)).getFirst();
        if (prediction.tileWeights() == null) {
            throw new Histo4jException("this slide model gives no tile weights to draw (use abmil, gated or mean)");
        }
        Path gallery = out.resolveSibling(stem(out) + "-topk.png");
        try (SlideReader slide = SlideReader.open(slidePath); TileReader reader = new TileReader(slide, 1)) {
            BufferedImage thumbnail = slide.thumbnail(thumbnailSize);
            double downsample = slide.levelWidth(0) / (double) thumbnail.getWidth();
            TissueMask mask = TissueDetector.create().detect(slide);
            BufferedImage map = Heatmap.builder(thumbnail, downsample)
                    .setTiles(bag.coords(), tileSize, prediction.tileWeights()).optTissueMask(grid(mask))
                    .optLegend("attention weight").build()
                    .render();
            int[] top = Heatmap.topK(prediction.tileWeights(), Math.min(k, bag.size()));
            List<BufferedImage> tiles = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int i = 0; i < top.length; i++) {
                int[] xy = bag.coords()[top[i]];
                tiles.add(reader.read(new Tile(xy[0] / tileSize, xy[1] / tileSize, xy[0], xy[1], 0, tileSize, tileSize,
                        tileSize, 1)));
                captions.add(String.format(java.util.Locale.ROOT, "%.3g", prediction.tileWeights()[top[i]]));
            }
            writePng(map, out);
            writePng(ImageGrid.of(tiles, captions, Math.min(4, tiles.size()), 128), gallery);
        }
        return new Written(out, gallery, prediction.positiveScore());
    }

    private static boolean[][] grid(TissueMask mask) {
        boolean[][] cells = new boolean[mask.height()][mask.width()];
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                cells[y][x] = mask.isTissue(x, y);
            }
        }
        return cells;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }

    private static void writePng(BufferedImage image, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
