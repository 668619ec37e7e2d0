package org.histo4j.cli.slide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.OutputOptions;
import org.histo4j.cli.options.TilingOptions;
import org.histo4j.data.Csv;
import org.histo4j.slide.SlideLevel;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.TissueMask;
import org.histo4j.slide.annotation.Annotation;
import org.histo4j.slide.annotation.AnnotationTiling;
import org.histo4j.train.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slide tile FILE --tile-size 256 --mpp 0.5 --out DIR}: tile PNGs, a tiles.csv and the tissue mask. */
@Command(name = "tile", mixinStandardHelpOptions = true,
        description = "Cut a slide into tiles at a physical size: PNGs named x<X>_y<Y>.png, tiles.csv and tissue.png;"
                + " with --annotations only the tiles inside them, labelled by their class.")
final class SlideTileCommand implements Callable<Integer> {

    private static final String TABLE = "tiles.csv";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
    Path file;

    @Mixin
    TilingOptions tiling;

    @Mixin
    OutputOptions output;

    /** Writes the tiles, their table and the tissue mask. */
    @Override
    public Integer call() throws IOException {
        tiling.validate();
        output.refuseExisting(TABLE);
        if (!Files.isRegularFile(file)) {
            throw new Histo4jException("slide not found: " + file);
        }
        tiling.checkCalibration(file);
        try (SlideReader slide = SlideReader.open(file)) {
            TissueMask mask = tiling.detector().detect(slide);
            TileGrid grid;
            try {
                grid = tiling.grid().setSlide(slide.metadata()).optTissueMask(mask).build();
            } catch (IllegalArgumentException e) { // every option was validated: what is left is --tile-size vs --mpp
                throw new ParameterException(spec.commandLine(), "--tile-size and --mpp: " + Histo4jException.reason(e), e);
            }
            if (grid.columns() == 0 || grid.rows() == 0) {
                SlideLevel full = slide.metadata().levels().getFirst();
                throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT, "--tile-size %d at --mpp %s "
                        + "is larger than slide %s (%d x %d px at level 0): no tile fits", grid.tileSize(), grid.mpp(),
                        file, full.width(), full.height()));
            }
            List<Annotation> annotations = tiling.annotations();
            List<Tile> tiles = annotations.isEmpty() ? grid.tiles()
                    : AnnotationTiling.inside(grid.tiles(), annotations);
            Path out = output.create();
            ImageIO.write(mask.toImage(), "png", out.resolve("tissue.png").toFile());
            write(slide, tiles, annotations, out);
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "wrote %d of %d x %d tiles%s (%d px at %s um/px, read %d px at level %d) to %s%n",
                    tiles.size(), grid.columns(), grid.rows(), annotations.isEmpty() ? ""
                            : " inside " + annotations.size() + " annotations, labelled by their class",
                    grid.tileSize(), grid.mpp(), grid.readSize(), grid.level(), out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The PNGs and tiles.csv; with annotations, a {@code label} column holds the class of each tile's one. */
    private void write(SlideReader slide, List<Tile> tiles, List<Annotation> annotations, Path out)
            throws IOException {
        List<String> header = new ArrayList<>(List.of("file", "column", "row", "x", "y", "level", "read_size",
                "output_size", "level0_size", "tissue_fraction"));
        if (!annotations.isEmpty()) {
            header.add("label");
        }
        List<List<Object>> rows = new ArrayList<>();
        try (TileReader reader = new TileReader(slide, tiling.threads());
                ProgressBar progress = TrainingProgress.counter("tiles", tiles.size())) {
            reader.forEachOrdered(tiles, (tile, image) -> {
                String name = "x" + tile.x() + "_y" + tile.y() + ".png";
                ImageIO.write(image, "png", out.resolve(name).toFile());
                List<Object> row = new ArrayList<>(List.of(name, tile.column(), tile.row(), tile.x(), tile.y(),
                        tile.level(), tile.readSize(), tile.outputSize(), tile.level0Size(),
                        String.format(Locale.ROOT, "%.4f", tile.tissueFraction())));
                if (!annotations.isEmpty()) {
                    row.add(AnnotationTiling.annotationAt(tile, annotations).map(Annotation::classification)
                            .orElseThrow());
                }
                rows.add(row);
                progress.step();
            });
        }
        Csv.write(out.resolve(TABLE), header, rows);
    }
}
