package org.histo4j.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.histo4j.Histo4jException;

/**
 * Executes histo4j's notebooks headless, in order, under the {@code histo4j} kernel (through nbclient under
 * Debian's Python): each executed copy is signed (so its charts show when opened) and converted to HTML.
 * A kernel that fails to start is retried; the first failing cell stops the run with its notebook and index.
 */
public final class NotebookRunner {

    private final Path notebookDir;
    private final Path outDir;
    private final int cellTimeoutSeconds;
    private final int kernelAttempts;

    private NotebookRunner(Path notebookDir, Path outDir, int cellTimeoutSeconds, int kernelAttempts) {
        this.notebookDir = notebookDir;
        this.outDir = outDir;
        this.cellTimeoutSeconds = cellTimeoutSeconds;
        this.kernelAttempts = kernelAttempts;
    }

    /** A runner over the notebooks of {@code notebookDir}, writing executed copies into {@code outDir}. */
    public static NotebookRunner of(Path notebookDir, Path outDir) {
        return new NotebookRunner(notebookDir, outDir, 1800, 4);
    }

    /** The same runner with another per-cell time limit. */
    public NotebookRunner withCellTimeout(int seconds) {
        return new NotebookRunner(notebookDir, outDir, seconds, kernelAttempts);
    }

    /** The notebooks of the folder, in name order ({@code 00-...}, {@code 01-...}). */
    public List<Path> notebooks() {
        if (!Files.isDirectory(notebookDir)) {
            throw new Histo4jException("notebook folder not found: " + notebookDir);
        }
        try (Stream<Path> files = Files.list(notebookDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new Histo4jException("cannot list " + notebookDir + ": " + Histo4jException.reason(e), e);
        }
    }

    /**
     * The notebooks a user named: by file name, by name without {@code .ipynb}, or by the number prefix
     * ({@code 00}); all of them when none is named. An unknown name is an error that lists the known ones.
     */
    public List<Path> select(List<String> names) {
        List<Path> all = notebooks();
        if (names == null || names.isEmpty()) {
            return all;
        }
        List<Path> chosen = new ArrayList<>();
        for (String name : names) {
            String wanted = name.toLowerCase(Locale.ROOT).replaceFirst("\\.ipynb$", "");
            List<Path> matches = all.stream().filter(p -> {
                String file = p.getFileName().toString().toLowerCase(Locale.ROOT).replaceFirst("\\.ipynb$", "");
                return file.equals(wanted) || file.startsWith(wanted + "-");
            }).toList();
            if (matches.isEmpty()) {
                throw new Histo4jException("no notebook named '" + name + "' in " + notebookDir + " (have: "
                        + all.stream().map(p -> p.getFileName().toString()).toList() + ")");
            }
            matches.stream().filter(p -> !chosen.contains(p)).forEach(chosen::add);
        }
        return chosen;
    }

    /** Runs the notebooks in order; returns the HTML copies written. Stops at the first failure. */
    public List<Path> run(List<Path> notebooks) {
        Jupyter.Status jupyter = Jupyter.status();
        if (!jupyter.usable()) {
            throw new Histo4jException("Jupyter " + jupyter.problem());
        }
        Path script = extractScript();
        List<Path> written = new ArrayList<>();
        for (Path notebook : notebooks) {
            written.add(runOne(jupyter.python(), script, notebook));
        }
        return written;
    }

    private Path runOne(Path python, Path script, Path notebook) {
        String stem = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path executed = outDir.resolve(stem + ".ipynb");
        Path html = outDir.resolve(stem + ".html");
        System.err.println("notebook " + notebook.getFileName() + " ...");
        long started = System.nanoTime();
        int exit = execute(List.of(python.toString(), script.toString(), notebook.toAbsolutePath().toString(),
                executed.toAbsolutePath().toString(), html.toAbsolutePath().toString(), Jupyter.KERNEL,
                Integer.toString(cellTimeoutSeconds), "60", Integer.toString(kernelAttempts)));
        double seconds = (System.nanoTime() - started) / 1e9;
        switch (exit) {
            case 0 -> System.err.printf(Locale.ROOT, "notebook %s ok in %.0f s -> %s%n",
                    notebook.getFileName(), seconds, html);
            case 3 -> throw new Histo4jException("notebook " + notebook.getFileName()
                    + " failed (see the cell named above; partial output in " + executed + ")");
            case 4 -> throw new Histo4jException("notebook " + notebook.getFileName() + ": the " + Jupyter.KERNEL
                    + " kernel did not start after " + kernelAttempts + " attempts (its log: " + executed + ".kernel.log)");
            default -> throw new Histo4jException("notebook " + notebook.getFileName()
                    + ": the runner exited with code " + exit);
        }
        return html;
    }

    private int execute(List<String> command) {
        try {
            Files.createDirectories(outDir);
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new Histo4jException("cannot start " + command.getFirst() + ": " + Histo4jException.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Histo4jException("interrupted while running notebooks", e);
        }
    }

    private static Path extractScript() {
        try (InputStream in = NotebookRunner.class.getResourceAsStream("run_notebook.py")) {
            if (in == null) {
                throw new IllegalStateException("run_notebook.py is missing from the histo4j jar");
            }
            Path script = Files.createTempFile("histo4j-run-notebook", ".py");
            script.toFile().deleteOnExit();
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the notebook runner script", e);
        }
    }
}
