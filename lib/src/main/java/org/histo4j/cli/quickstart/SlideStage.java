package org.histo4j.cli.quickstart;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
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
    public void run(Context context, HtmlReport report) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            SlideStudy.Outcome outcome = SlideStudy.quick(context.dir(), PretrainStage.trainedEncoder(context, manager),
                    context.seed());
            report.heading("Slides: attention MIL on a synthetic cohort")
                    .paragraph(String.format(Locale.ROOT, "Slide-level AUC of ABMIL (per slide, grouped "
                            + "cross-validation over seeds): %.3f ± %.3f. %s", outcome.aucMean(), outcome.aucStd(),
                            outcome))
                    .image(ImageIO.read(outcome.heatmap().toFile()), "attention over a positive slide")
                    .image(ImageIO.read(outcome.gallery().toFile()), "its most attended tiles");
        }
    }
}
