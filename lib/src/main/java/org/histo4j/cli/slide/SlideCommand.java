package org.histo4j.cli.slide;

import org.histo4j.cli.options.GroupCommand;
import picocli.CommandLine.Command;

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
public final class SlideCommand extends GroupCommand {

    /** Creates the command; picocli fills its subcommands. */
    public SlideCommand() {
        // subcommands are injected by picocli
    }
}
