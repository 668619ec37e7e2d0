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

    /** The PNG files written, the slide's predicted positive probability and the whole prediction. */
    public record Written(Path heatmap, Path gallery, double positiveScore, SlidePrediction prediction) {}

    /**
     * How the weights are drawn.
     *
     * @param scaling how weights become colours
     * @param lesions the slide's true lesion mask, outlined over the tiles; null when unknown (real slides)
     */
    public record Style(Heatmap.Scaling scaling, TissueMask lesions) {
        /** Min-max colours, no lesion outline. */
        public static final Style LINEAR = new Style(Heatmap.Scaling.MIN_MAX, null);
    }

    private SlideHeatmaps() {}

    /**
     * Writes the heatmap of {@code bag} (tiles of {@code tileSize} level-0 pixels on {@code slidePath}) to
     * {@code out} and its top-{@code k} gallery beside it ({@code NAME-topk.png}).
     */
    public static Written write(Path slidePath, Bag bag, int tileSize, TrainedSlideModel model, Path out, int k,
            int thumbnailSize) {
        return write(slidePath, bag, tileSize, model, out, k, thumbnailSize, Style.LINEAR);
    }

    /** As {@link #write(Path, Bag, int, TrainedSlideModel, Path, int, int)}, drawn in {@code style}. */
    public static Written write(Path slidePath, Bag bag, int tileSize, TrainedSlideModel model, Path out, int k,
            int thumbnailSize, Style style) {
        SlidePrediction prediction = model.predict(List.of(bag)).getFirst();
        if (prediction.tileWeights() == null) {
            throw new Histo4jException("this slide model gives no tile weights to draw (use abmil, gated, mean,"
                    + " clam-sb, clam-mb or transmil)");
        }
        Path gallery = out.resolveSibling(stem(out) + "-topk.png");
        try (SlideReader slide = SlideReader.open(slidePath); TileReader reader = new TileReader(slide, 1)) {
            BufferedImage thumbnail = slide.thumbnail(thumbnailSize);
            double downsample = slide.levelWidth(0) / (double) thumbnail.getWidth();
            TissueMask mask = TissueDetector.create().detect(slide);
            Heatmap.Builder builder = Heatmap.builder(thumbnail, downsample)
                    .setTiles(bag.coords(), tileSize, prediction.tileWeights()).optTissueMask(grid(mask))
                    .optScaling(style.scaling()).optLegend("attention weight");
            if (style.lesions() != null) {
                builder.optLesionMask(atThumbnail(style.lesions(), thumbnail, downsample));
            }
            BufferedImage map = builder.build().render();
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
        return new Written(out, gallery, prediction.positiveScore(), prediction);
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

    /** The mask sampled at the centre of every thumbnail pixel (level-0 point = (x + 0.5) * downsample). */
    static boolean[][] atThumbnail(TissueMask mask, BufferedImage thumbnail, double downsample) {
        boolean[][] cells = new boolean[thumbnail.getHeight()][thumbnail.getWidth()];
        for (int y = 0; y < cells.length; y++) {
            int my = (int) Math.floor((y + 0.5) * downsample / mask.downsampleY());
            for (int x = 0; x < cells[0].length; x++) {
                int mx = (int) Math.floor((x + 0.5) * downsample / mask.downsampleX());
                cells[y][x] = my < mask.height() && mx < mask.width() && mask.isTissue(mx, my);
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
