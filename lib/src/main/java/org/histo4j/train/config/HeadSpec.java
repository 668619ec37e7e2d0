package org.histo4j.train.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.model.TaskHead;

/**
 * The head each task gets on top of the shared encoder: {@link Linear} (the paper's), {@link Mlp} with a hidden
 * layer, or {@link Custom}, which records the descriptions of heads a trainer was given
 * ({@code MultiTaskTrainer.Builder.optHeads}). In {@code config.json} a head is an object such as
 * {@code {"kind": "mlp", "hidden": 256}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = HeadSpec.Linear.class, name = "linear"),
    @JsonSubTypes.Type(value = HeadSpec.Mlp.class, name = "mlp"),
    @JsonSubTypes.Type(value = HeadSpec.Custom.class, name = "custom")})
public sealed interface HeadSpec {

    /** The head of a task with {@code classes} classes; a custom spec cannot make its heads. */
    TaskHead create(int classes);

    /** The short form the command line takes and older {@code config.json} files hold: {@code mlp(256)}. */
    String describe();

    /** The linear head of the paper. */
    static HeadSpec linear() {
        return new Linear();
    }

    /** A two-layer perceptron with {@code hidden} units. */
    static HeadSpec mlp(int hidden) {
        return new Mlp(hidden);
    }

    /** Reads {@link #describe()}'s form: {@code linear}, {@code mlp(H)} or {@code custom:D1|D2|...}. */
    static HeadSpec parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("optHead: a head is required (linear or mlp(H))");
        }
        Matcher mlp = Pattern.compile("mlp\\((\\d+)\\)").matcher(text);
        if (text.equals("linear")) {
            return linear();
        } else if (mlp.matches()) {
            return mlp(Integer.parseInt(mlp.group(1)));
        } else if (text.startsWith("custom:")) {
            return new Custom(List.of(text.substring("custom:".length()).split("\\|", -1)));
        }
        throw new IllegalArgumentException("optHead: '" + text + "' is not linear or mlp(H)");
    }

    /** One fully connected layer to the classes. */
    record Linear() implements HeadSpec {

        @Override
        public TaskHead create(int classes) {
            return TaskHead.linear(classes);
        }

        @Override
        public String describe() {
            return "linear";
        }
    }

    /**
     * Linear to {@code hidden} units, ReLU, linear to the classes.
     *
     * @param hidden the width of the hidden layer
     */
    record Mlp(int hidden) implements HeadSpec {

        /** Checks the width. */
        public Mlp {
            if (hidden < 1) {
                throw new IllegalArgumentException("optHead: mlp(" + hidden + ") needs at least one hidden unit");
            }
        }

        @Override
        public TaskHead create(int classes) {
            return TaskHead.mlp(hidden, classes);
        }

        @Override
        public String describe() {
            return "mlp(" + hidden + ")";
        }
    }

    /**
     * Heads a trainer was given, recorded by their descriptions (one per task) so that a resume can check them.
     *
     * @param heads the description of each task's head, in task order
     */
    record Custom(List<String> heads) implements HeadSpec {

        /** Copies the descriptions. */
        public Custom {
            heads = List.copyOf(heads);
        }

        @Override
        public TaskHead create(int classes) {
            throw new IllegalStateException("the heads are custom (" + describe()
                    + "): give the trainer the same heads with optHeads(...)");
        }

        @Override
        public String describe() {
            return "custom:" + String.join("|", heads);
        }
    }
}
