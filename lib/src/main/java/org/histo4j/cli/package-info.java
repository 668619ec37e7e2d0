/**
 * The histo4j command line: one picocli subcommand per job ({@code pool}, {@code data}, {@code pretrain},
 * {@code transfer}, {@code features}, {@code slide}, {@code bench}, {@code notebooks}, {@code env}) and the
 * quickstart main job. Command groups extend {@link org.histo4j.cli.options.GroupCommand}; options shared by
 * several commands are mixins in {@code cli.options} (with the Spark runner's seam); every command that computes writes its resolved options, seeds and device to a
 * {@code config.json} next to its results. Bad usage is one line naming the option (exit 2), a failed run one line
 * (exit 1), the stack trace only with {@code --debug}.
 */
package org.histo4j.cli;
