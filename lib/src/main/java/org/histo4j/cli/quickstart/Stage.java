package org.histo4j.cli.quickstart;

import java.io.IOException;
import java.nio.file.Path;
import org.histo4j.report.HtmlReport;

/**
 * One step of the main job. A stage writes its outputs under {@code dir} (its own folder of the run directory),
 * reuses what an earlier, interrupted run of it left there when that is still valid, adds its part to the report
 * and returns its headline result for the terminal. Stages run in order and may read the folders of the stages
 * before them through {@link Context}.
 */
public interface Stage {

    /** A short name, also the stage's folder. */
    String name();

    /**
     * Runs the stage and returns its headline result in one or two lines (more for a table), printed on the
     * terminal as the stage ends.
     */
    String run(Context context, HtmlReport report) throws IOException;

    /** What a stage knows: its folder, the run directory, the seed and the repository (for manifests). */
    record Context(Path dir, Path runDir, long seed, Path repository) {

        /** The folder of an earlier stage. */
        public Path stageDir(String stage) {
            return runDir.resolve(stage);
        }
    }
}
