package org.histo4j.cli.slide;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import org.histo4j.slide.encode.EncodedSlide;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.train.TrainingProgress;

/** Shows one progress bar per slide being encoded, and one line per slide whose bag was fresh. */
final class SlideProgress implements SlideEncoder.Listener {
    private final PrintWriter out;
    private ProgressBar bar;

    SlideProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void slideStarted(SlideEntry slide, int tiles, boolean skipped) {
        if (!skipped) {
            bar = TrainingProgress.counter(slide.slideId(), tiles);
        }
    }

    @Override
    public void tilesEncoded(SlideEntry slide, int done) {
        bar.stepTo(done);
    }

    @Override
    public void slideFinished(EncodedSlide result) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (result.skipped()) {
            out.println(result.entry().slideId() + ": bag is fresh, skipped");
            out.flush();
        }
    }
}
