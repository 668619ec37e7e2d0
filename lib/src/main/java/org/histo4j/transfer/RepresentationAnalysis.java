package org.histo4j.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.histo4j.data.ImageSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.HeatmapTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;

/**
 * Looking inside encoders: linear CKA ({@link Cka}) between the blocks of two encoders (or an encoder before and
 * after fine-tuning) on the same images, and the truncation study (a linear probe on the pooled activations after
 * each block). Activations are those of {@link EncoderBlocks#activations}: globally average-pooled after each
 * point.
 *
 * <pre>{@code
 * CkaMatrix cka = RepresentationAnalysis.cka(EncoderBlocks.of(a), EncoderBlocks.of(b), source, 64);
 * Figure heatmap = cka.heatmap();
 * TruncationStudy study = RepresentationAnalysis.truncationStudy(EncoderBlocks.of(a), source,
 *         LinearProbe.builder().build(), 3);
 * Figure curve = study.lineChart(Metric.ACCURACY);
 * }</pre>
 */
public final class RepresentationAnalysis {

    private RepresentationAnalysis() {}

    /** CKA between every block of {@code a} and every block of {@code b} on all images of {@code source}. */
    public static CkaMatrix cka(EncoderBlocks a, EncoderBlocks b, ImageSource source, int batchSize) {
        EncoderBlocks.LayerActivations first = a.activations(source, batchSize, n -> { });
        EncoderBlocks.LayerActivations second = a == b ? first : b.activations(source, batchSize, n -> { });
        return cka(first, second);
    }

    /** CKA between every layer of two sets of activations of the same images. */
    public static CkaMatrix cka(EncoderBlocks.LayerActivations a, EncoderBlocks.LayerActivations b) {
        return new CkaMatrix(a.encoder(), b.encoder(), a.points(), b.points(), Cka.matrix(a.layers(), b.layers()));
    }

    /**
     * The truncation study: for every point of {@code blocks}, the linear probe cross-validated over
     * {@code seeds} seeds on the pooled activations after that point (encoder name {@code name@point}).
     */
    public static TruncationStudy truncationStudy(EncoderBlocks blocks, ImageSource source, LinearProbe probe,
            int seeds, IntConsumer progress) {
        EncoderBlocks.LayerActivations activations = blocks.activations(source, 64, progress);
        TransferStudy study = TransferStudy.builder().addProbe(probe).optSeedCount(seeds).build();
        TransferResults results = TransferResults.empty();
        List<Integer> widths = new ArrayList<>();
        for (String point : activations.points()) {
            FeatureSet features = activations.featureSet(point, source);
            widths.add(features.dimension());
            results = results.append(study.evaluate(blocks.encoder().name() + "@" + point, features));
        }
        return new TruncationStudy(blocks.encoder().name(), activations.points(), widths, results);
    }

    /** The truncation study with the default probe and no progress. */
    public static TruncationStudy truncationStudy(EncoderBlocks blocks, ImageSource source, int seeds) {
        return truncationStudy(blocks, source, LinearProbe.builder().build(), seeds, n -> { });
    }

    /**
     * A layer-by-layer CKA matrix.
     *
     * @param encoderA the encoder of the rows
     * @param encoderB the encoder of the columns
     * @param layersA the row layers
     * @param layersB the column layers
     * @param values {@code values[i][j]} = CKA(layersA[i], layersB[j])
     */
    public record CkaMatrix(String encoderA, String encoderB, List<String> layersA, List<String> layersB,
            double[][] values) {

        /** The same matrix with other encoder names (e.g. the specs' labels). */
        public CkaMatrix withNames(String nameA, String nameB) {
            return new CkaMatrix(nameA, nameB, layersA, layersB, values);
        }

        /** The matrix as a long table: layer_a, layer_b, cka. */
        public Table table() {
            Table table = Cka.toTable(values, layersA, layersB);
            table.setName("linear CKA " + encoderA + " vs " + encoderB);
            return table;
        }

        /** The matrix as a wide table: one row per layer of A, one column per layer of B. */
        public Table wide() {
            Table table = Table.create("linear CKA " + encoderA + " vs " + encoderB,
                    StringColumn.create(encoderA, layersA));
            for (int j = 0; j < layersB.size(); j++) {
                int column = j;
                table.addColumns(DoubleColumn.create(layersB.get(j),
                        IntStream.range(0, layersA.size()).mapToDouble(i -> values[i][column]).toArray()));
            }
            return table;
        }

        /** A heatmap: layers of B across, layers of A down, CKA as colour. */
        public Figure heatmap() {
            HeatmapTrace trace = HeatmapTrace.builder(layersB.toArray(), layersA.toArray(), values).build();
            Layout layout = Layout.builder().title("linear CKA: " + encoderA + " (rows) vs " + encoderB + " (columns)")
                    .xAxis(Axis.builder().title(encoderB).build()).yAxis(Axis.builder().title(encoderA).build())
                    .build();
            return new Figure(layout, trace);
        }
    }

    /**
     * The outcome of a truncation study.
     *
     * @param encoder the encoder name
     * @param points the points, in network order
     * @param widths the feature width after each point
     * @param results the long results (encoder {@code name@point})
     */
    public record TruncationStudy(String encoder, List<String> points, List<Integer> widths,
            TransferResults results) {

        /** Per point: index (from 1), point, features, mean and std over seeds of {@code metric}. */
        public Table table(Metric metric) {
            List<SummaryRow> rows = results.summaryRows().stream().filter(r -> r.metric().equals(metric.columnName()))
                    .toList();
            Table table = Table.create("truncation study " + encoder + " " + metric.columnName(),
                    IntColumn.create("index"), StringColumn.create("point"), IntColumn.create("features"),
                    DoubleColumn.create("mean"), DoubleColumn.create("std"));
            for (int p = 0; p < points.size(); p++) {
                String name = encoder + "@" + points.get(p);
                SummaryRow row = rows.stream().filter(r -> r.encoder().equals(name)).findFirst().orElseThrow();
                table.intColumn("index").append(p + 1);
                table.stringColumn("point").append(points.get(p));
                table.intColumn("features").append(widths.get(p));
                table.doubleColumn("mean").append(row.mean());
                table.doubleColumn("std").append(row.std());
            }
            return table;
        }

        /** The probe's {@code metric} after each point, as a line (x: point index, labelled in the title). */
        public Figure lineChart(Metric metric) {
            Table table = table(metric);
            double[] x = table.intColumn("index").asDoubleArray();
            double[] y = table.doubleColumn("mean").asDoubleArray();
            Layout layout = Layout.builder().title("truncation study, " + encoder + ": " + metric.columnName()
                    + " of a linear probe after each block (" + String.join(", ", points) + ")")
                    .xAxis(Axis.builder().title("block (1 = " + points.getFirst() + ")").build())
                    .yAxis(Axis.builder().title(metric.columnName()).build()).build();
            return new Figure(layout, ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name(encoder).build());
        }
    }
}
