package org.histo4j.cli.quickstart;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.histo4j.model.Encoder;
import org.histo4j.report.HtmlReport;
import org.histo4j.report.TransferReport;
import org.histo4j.transfer.Metric;
import org.histo4j.transfer.TransferEvaluation;
import org.histo4j.transfer.TransferTables;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;
import tech.tablesaw.api.Table;

/**
 * Stage 4: transfer of the pre-trained encoder to the two synthetic target tasks kept out of the pool, with linear
 * probes over grouped folds and seeds, against a random encoder of the same architecture (the baseline) and the
 * NIC multi-task encoder of Tellez et al. when its weights are found.
 */
public final class TransferStage implements Stage {

    @Override
    public String name() {
        return "transfer";
    }

    @Override
    public String run(Context context, HtmlReport report) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderResolver resolver = EncoderResolver.defaults();
            Map<String, Encoder> encoders = new LinkedHashMap<>();
            String baseline = "random:nic:" + context.seed();
            encoders.put(baseline, resolver.create(EncoderSpec.parse(baseline), manager));
            encoders.put("multitask (quickstart)", PretrainStage.trainedEncoder(context, manager));
            if (Files.isRegularFile(resolver.nicWeights())) {
                encoders.put("nic (Tellez et al.)", resolver.create(EncoderSpec.parse("nic"), manager));
            }
            TransferEvaluation.QuickResult result = TransferEvaluation.quickEncoders(encoders, 80, 3, 3, context.dir());
            result.write(context.dir());
            TransferReport.appendQuick(report, result);
            return "linear-probe accuracy, mean ± std over 3 seeds of 3 grouped folds; significant: |difference| > 2 x "
                    + "the larger std\n" + headline(result, baseline);
        }
    }

    /**
     * The accuracy table as text: encoder, task, mean ± std, and against the baseline whether the difference is
     * significant and which way.
     */
    static String headline(TransferEvaluation.QuickResult result, String baseline) {
        Table summary = TransferTables.forMetric(result.summary(), Metric.ACCURACY);
        Table against = result.significance();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("encoder", "task", "accuracy", "vs " + baseline));
        for (int i = 0; i < summary.rowCount(); i++) {
            String encoder = summary.stringColumn("encoder").get(i);
            String task = summary.stringColumn("task").get(i);
            rows.add(List.of(encoder, task, summary.stringColumn("mean_std").get(i),
                    encoder.equals(baseline) ? "baseline" : verdict(against, encoder, task)));
        }
        return columns(rows);
    }

    private static String verdict(Table against, String encoder, String task) {
        for (int i = 0; i < against.rowCount(); i++) {
            if (against.stringColumn("encoder").get(i).equals(encoder)
                    && against.stringColumn("task").get(i).equals(task)) {
                boolean significant = against.booleanColumn("significant").get(i);
                return !significant ? "not significant"
                        : against.booleanColumn("better").get(i) ? "better, significant" : "worse, significant";
            }
        }
        return "n/a";
    }

    /** Rows of cells as left-aligned text columns, two spaces apart. */
    static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        rows.forEach(row -> {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", row.get(c)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString().stripTrailing();
    }
}
