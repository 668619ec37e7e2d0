package org.histo4j.cli.quickstart;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.histo4j.model.Encoder;
import org.histo4j.report.HtmlReport;
import org.histo4j.report.TransferReport;
import org.histo4j.transfer.TransferEvaluation;
import org.histo4j.transfer.spec.EncoderResolver;
import org.histo4j.transfer.spec.EncoderSpec;

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
    public void run(Context context, HtmlReport report) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            EncoderResolver resolver = EncoderResolver.defaults();
            Map<String, Encoder> encoders = new LinkedHashMap<>();
            encoders.put("random:nic:" + context.seed(),
                    resolver.create(EncoderSpec.parse("random:nic:" + context.seed()), manager));
            encoders.put("multitask (quickstart)", PretrainStage.trainedEncoder(context, manager));
            if (java.nio.file.Files.isRegularFile(resolver.nicWeights())) {
                encoders.put("nic (Tellez et al.)", resolver.create(EncoderSpec.parse("nic"), manager));
            }
            TransferEvaluation.QuickResult result = TransferEvaluation.quickEncoders(encoders, 80, 3, 3, context.dir());
            result.write(context.dir());
            TransferReport.appendQuick(report, result);
        }
    }
}
