package org.histo4j.cli.quickstart;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.histo4j.Numbers;
import org.histo4j.report.HtmlReport;
import org.histo4j.slide.study.SlideStudy;

/**
 * Stage 5: a small synthetic cohort of whole slides (half with small lesions), tiles encoded with the pre-trained
 * encoder, attention MIL trained from slide labels in grouped cross-validation, the slide AUC and a heatmap.
 */
public final class SlideStage implements Stage {

    @Override
    public String name() {
        return "slides";
    }

    @Override
    public String run(Context context, HtmlReport report) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            SlideStudy.Outcome outcome = SlideStudy.quick(context.dir(), PretrainStage.trainedEncoder(context, manager),
                    context.seed());
            String auc = "slide-level AUC of ABMIL (grouped cross-validation over seeds): "
                    + Numbers.meanStd(outcome.aucMean(), outcome.aucStd());
            report.heading("Slides: attention MIL on a synthetic cohort")
                    .paragraph(auc + ". " + outcome)
                    .image(ImageIO.read(outcome.heatmap().toFile()), "attention over a positive slide")
                    .image(ImageIO.read(outcome.gallery().toFile()), "its most attended tiles");
            return String.format(Locale.ROOT, "%s%ncohort %.0f s, encoding %.0f s, training %.0f s; heatmap: %s", auc,
                    outcome.cohortSeconds(), outcome.encodeSeconds(), outcome.trainSeconds(), outcome.heatmap());
        }
    }
}
