package org.histo4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;
import org.histo4j.Histo4jException;
import org.histo4j.slide.SlideLevel;
import org.histo4j.slide.SlideMetadata;
import org.histo4j.slide.SlideReader;
import org.histo4j.slide.Tile;
import org.histo4j.slide.TileGrid;
import org.histo4j.slide.TileReader;
import org.histo4j.slide.TissueDetector;
import org.histo4j.slide.TissueMask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code histo4j slide}: look into whole slides and cut them into tiles at a physical size. */
@Command(name = "slide", mixinStandardHelpOptions = true,
        description = "Whole slides: show their metadata, cut tiles at a physical size.",
        subcommands = {SlideCommand.Info.class, SlideCommand.Tiles.class})
public final class SlideCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: info or tile");
    }

    /** {@code slide info FILE [--json]}: levels, calibration, vendor, associated images, properties. */
    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show a slide's metadata.")
    static final class Info implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
        Path file;

        @Option(names = "--json", description = "print JSON (with every property)")
        boolean json;

        @Option(names = "--properties", description = "also list every property (text output)")
        boolean properties;

        /** Prints the metadata. */
        @Override
        public Integer call() throws IOException {
            SlideMetadata meta;
            try (SlideReader slide = SlideReader.open(file)) {
                meta = slide.metadata();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(meta)));
            } else {
                printText(meta, out);
            }
            out.flush();
            return 0;
        }

        private static ObjectNode toJson(SlideMetadata meta) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("file", meta.source());
            root.put("vendor", meta.vendor());
            ArrayNode levels = root.putArray("levels");
            for (SlideLevel level : meta.levels()) {
                levels.addObject().put("width", level.width()).put("height", level.height())
                        .put("downsample", level.downsample());
            }
            putOptional(root, "mppX", meta.mppX());
            putOptional(root, "mppY", meta.mppY());
            putOptional(root, "objectivePower", meta.objectivePower());
            ArrayNode associated = root.putArray("associatedImages");
            meta.associatedImageNames().forEach(associated::add);
            ObjectNode props = root.putObject("properties");
            meta.properties().forEach(props::put);
            return root;
        }

        private static void putOptional(ObjectNode node, String name, OptionalDouble value) {
            if (value.isPresent()) {
                node.put(name, value.getAsDouble());
            } else {
                node.putNull(name);
            }
        }

        private void printText(SlideMetadata meta, PrintWriter out) {
            out.println("file: " + meta.source());
            out.println("vendor: " + meta.vendor());
            out.println("levels: " + meta.levelCount());
            for (int i = 0; i < meta.levelCount(); i++) {
                SlideLevel level = meta.level(i);
                out.printf(Locale.ROOT, "  %d: %d x %d, downsample %.4f%n", i, level.width(), level.height(),
                        level.downsample());
            }
            out.println("microns per pixel: " + (meta.hasMicrons()
                    ? String.format(Locale.ROOT, "%s x %s", meta.mppX().getAsDouble(), meta.mppY().getAsDouble())
                    : "unknown"));
            out.println("objective power: " + (meta.objectivePower().isPresent()
                    ? meta.objectivePower().getAsDouble() + "x" : "unknown"));
            out.println("associated images: " + String.join(", ", meta.associatedImageNames()));
            if (properties) {
                meta.properties().forEach((name, value) -> out.println("  " + name + " = " + value));
            }
        }
    }

    /** {@code slide tile FILE --tile-size 256 --mpp 0.5 --out DIR}: tile PNGs and a tiles.csv. */
    @Command(name = "tile", mixinStandardHelpOptions = true,
            description = "Cut a slide into tiles at a physical size: PNGs named x<X>_y<Y>.png, tiles.csv and tissue.png.")
    static final class Tiles implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the slide file")
        Path file;

        @Option(names = "--tile-size", defaultValue = "256", description = "tile side in pixels (default ${DEFAULT-VALUE})")
        int tileSize;

        @Option(names = "--mpp", required = true, description = "microns per pixel of the tiles, e.g. 0.5")
        double mpp;

        @Option(names = "--slide-mpp", description = "the slide's microns per level-0 pixel, if its metadata lacks it")
        Double slideMpp;

        @Option(names = "--min-tissue", defaultValue = "0.5", description = "least tissue fraction of a tile kept (default ${DEFAULT-VALUE})")
        double minTissue;

        @Option(names = "--tolerance", defaultValue = "0.02", description = "relative tolerance on level downsamples (default ${DEFAULT-VALUE})")
        double tolerance;

        @Option(names = "--remove-pen-marks", description = "do not count pen marks as tissue")
        boolean removePenMarks;

        @Option(names = "--threads", description = "reading threads (default: available processors)")
        Integer threads;

        @Option(names = "--out", required = true, description = "output folder")
        Path out;

        @Option(names = "--overwrite", description = "write into a folder that already holds tiles.csv")
        boolean overwrite;

        /** Writes the tiles, their table and the tissue mask. */
        @Override
        public Integer call() throws IOException {
            if (Files.exists(out.resolve("tiles.csv")) && !overwrite) {
                throw new Histo4jException(out + " already holds tiles.csv; choose another --out or pass --overwrite");
            }
            try (SlideReader slide = SlideReader.open(file)) {
                TissueMask mask = TissueDetector.builder().optRemovePenMarks(removePenMarks).build().detect(slide);
                TileGrid grid = grid(slide.metadata(), mask);
                Files.createDirectories(out);
                ImageIO.write(mask.toImage(), "png", out.resolve("tissue.png").toFile());
                write(slide, grid);
                spec.commandLine().getOut().printf(Locale.ROOT,
                        "wrote %d of %d x %d tiles (%d px at %s um/px, read %d px at level %d) to %s%n",
                        grid.tiles().size(), grid.columns(), grid.rows(), grid.tileSize(), grid.mpp(),
                        grid.readSize(), grid.level(), out);
                spec.commandLine().getOut().flush();
            }
            return 0;
        }

        private TileGrid grid(SlideMetadata meta, TissueMask mask) {
            TileGrid.Builder builder = TileGrid.builder().setSlide(meta).setTileSize(tileSize).setMpp(mpp)
                    .optTolerance(tolerance).optTissueMask(mask).optMinTissue(minTissue);
            if (slideMpp != null) {
                builder.optSlideMpp(slideMpp);
            }
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private void write(SlideReader slide, TileGrid grid) throws IOException {
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            try (Writer csv = Files.newBufferedWriter(out.resolve("tiles.csv"));
                    TileReader reader = new TileReader(slide, Math.max(1, n));
                    ProgressBar progress = new ProgressBar("tiles", grid.tiles().size())) {
                csv.write("file,column,row,x,y,level,read_size,output_size,level0_size,tissue_fraction\n");
                reader.forEachOrdered(grid.tiles(), (tile, image) -> {
                    String name = "x" + tile.x() + "_y" + tile.y() + ".png";
                    ImageIO.write(image, "png", out.resolve(name).toFile());
                    csv.write(row(name, tile));
                    progress.step();
                });
            }
        }

        private static String row(String name, Tile tile) {
            return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%d,%.4f%n", name, tile.column(), tile.row(),
                    tile.x(), tile.y(), tile.level(), tile.readSize(), tile.outputSize(), tile.level0Size(),
                    tile.tissueFraction());
        }
    }
}
