package org.histo4j.cli.slide;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.histo4j.Histo4jException;
import org.histo4j.cli.options.ConfigFile;
import org.histo4j.model.Devices;
import org.histo4j.slide.encode.BagCohort;
import org.histo4j.slide.encode.SlideEncoder;
import org.histo4j.slide.encode.SlideEntry;
import org.histo4j.slide.mil.BagFile;
import org.histo4j.slide.study.SlideModelFile;
import org.histo4j.transfer.CacheProvenance;

/**
 * Finding a slide's bag in a bags folder, checking that a trained model fits it, and the config.json of the
 * commands that train on bags, for the slide commands.
 */
final class SlideBags {

    private SlideBags() {}

    /** The entry of {@code slide} in {@code bags} (by path, else by slide id). */
    static BagCohort.Entry find(Path bags, Path slide) {
        Path wanted = slide.toAbsolutePath().normalize();
        String stem = SlideEntry.of(slide).slideId();
        List<BagCohort.Entry> entries = BagCohort.entries(bags);
        return entries.stream().filter(e -> e.slidePath().toAbsolutePath().normalize().equals(wanted)).findFirst()
                .or(() -> entries.stream().filter(e -> e.slideId().equals(stem)).findFirst())
                .orElseThrow(() -> new Histo4jException("no bag for slide " + slide + " in "
                        + bags.resolve(SlideEncoder.BAGS_MANIFEST) + "; encode it with 'slide encode' first"));
    }

    /** The description of the model in {@code model}, refused unless it was trained on bags encoded as this one. */
    static SlideModelFile compatibleModel(Path model, BagCohort.Entry entry) {
        SlideModelFile description = SlideModelFile.read(model);
        CacheProvenance provenance = BagFile.provenance(entry.bagFile());
        if (!description.accepts(provenance)) {
            throw new Histo4jException("bag " + entry.bagFile() + " was encoded with " + provenance.encoder()
                    + " at " + provenance.micronsPerPixel() + " um/px but --model " + model + " was trained on "
                    + description.encoder() + " at " + description.mpp() + " um/px");
        }
        return description;
    }

    /**
     * Writes the {@code config.json} of a command that learns from the bags in {@code bags}: the command, the bags
     * folder, the settings {@code settings} adds (in its order), then the device(s).
     */
    static void writeConfig(Path out, String command, Path bags, Devices devices,
            Consumer<Map<String, Object>> settings) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", command);
        config.put("bags", bags.toAbsolutePath().toString());
        settings.accept(config);
        config.put("device", devices.toString());
        ConfigFile.write(out, config);
    }
}
