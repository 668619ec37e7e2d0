package org.histo4j.cli.slide;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code histo4j slide}: look into whole slides, cut them into tiles, make synthetic cohorts, encode slides into
 * bags, cross-validate slide classifiers, fine-tune the encoder on their top-k tiles and draw their attention.
 * Reading speed is measured by {@code bench tiles}.
 */
@Command(name = "slide", mixinStandardHelpOptions = true,
        description = "Whole slides: metadata, tiles, synthetic cohorts, bags, slide classifiers, top-k fine-tuning,"
                + " heatmaps.",
        subcommands = {SlideInfoCommand.class, SlideTileCommand.class, SlideCohortCommand.class,
            SlideEncodeCommand.class, SlideTrainCommand.class, SlideFinetuneCommand.class, SlideHeatmapCommand.class})
public final class SlideCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: info, tile, cohort, encode, train, finetune or heatmap");
    }
}
