package org.histo4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where Jupyter lives on this machine and whether it can run histo4j's notebooks: Debian's Jupyter runs under
 * {@code /usr/bin/python3} (not the {@code python3} first on PATH), and the notebooks need the {@code histo4j}
 * kernelspec that {@code environment/setup.sh} installs.
 */
public final class Jupyter {

    /** The name of the kernelspec histo4j's notebooks run under. */
    public static final String KERNEL = "histo4j";

    private Jupyter() {}

    /** What was found: the Python interpreter, whether nbclient/nbconvert import, and the kernel's folder. */
    public record Status(Path python, boolean pythonFound, boolean nbclient, String kernelDir, String problem) {

        /** True when notebooks can be executed. */
        public boolean usable() {
            return problem == null;
        }

        /** One line for {@code histo4j env}. */
        public String describe() {
            return usable() ? "usable (" + python + ", kernel " + KERNEL + " at " + kernelDir + ")" : problem;
        }
    }

    /** The Python that runs Jupyter: {@code HISTO4J_PYTHON} if set, else {@code /usr/bin/python3}. */
    public static Path python() {
        String configured = System.getenv("HISTO4J_PYTHON");
        return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/python3");
    }

    /** Checks Jupyter and the histo4j kernel; never throws. */
    public static Status status() {
        Path python = python();
        if (!Files.isExecutable(python)) {
            return new Status(python, false, false, null,
                    "not usable: " + python + " not found (run environment/setup.sh)");
        }
        String script = "import nbclient, nbconvert, nbformat\n"
                + "from jupyter_client.kernelspec import KernelSpecManager\n"
                + "try:\n    print(KernelSpecManager().get_kernel_spec('" + KERNEL + "').resource_dir)\n"
                + "except Exception:\n    print('')\n";
        ProcessResult result = run(List.of(python.toString(), "-c", script), 60);
        if (result.exitCode() != 0) {
            return new Status(python, true, false, null, "not usable: nbclient/nbconvert do not import under "
                    + python + " (run environment/setup.sh)");
        }
        String kernelDir = result.output().strip();
        if (kernelDir.isEmpty()) {
            return new Status(python, true, true, null,
                    "not usable: no '" + KERNEL + "' Jupyter kernel installed (run environment/setup.sh)");
        }
        return new Status(python, true, true, kernelDir, null);
    }

    /** The outcome of a child process: exit code and its standard output (standard error is passed through). */
    record ProcessResult(int exitCode, String output) {}

    static ProcessResult run(List<String> command, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new ProcessResult(-1, "");
            }
            return new ProcessResult(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new ProcessResult(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessResult(-1, "");
        }
    }
}
