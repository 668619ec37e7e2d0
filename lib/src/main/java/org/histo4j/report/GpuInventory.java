package org.histo4j.report;

import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The NVIDIA GPUs of this machine as {@code histo4j env} reports them: one line per GPU with its memory, and the
 * CUDA runtime and driver versions. The driver's view comes from {@code nvidia-smi} (absent on machines without
 * an NVIDIA driver); the CUDA runtime is the one DJL's libtorch sees.
 */
final class GpuInventory {

    /** What {@code nvidia-smi} is asked for, one CSV line per GPU. */
    static final String QUERY = "--query-gpu=index,name,memory.total,memory.used,driver_version";

    private GpuInventory() {}

    /** One GPU as the driver lists it; memory in MiB. */
    record Gpu(int index, String name, long totalMiB, long usedMiB, String driver) {}

    /** The report's lines: one per GPU, then CUDA; {@code engineGpus} is what the DJL engine sees. */
    static List<EnvironmentReport.Item> items(int engineGpus) {
        List<Gpu> gpus = parse(nvidiaSmi());
        List<EnvironmentReport.Item> items = new ArrayList<>();
        for (Gpu gpu : gpus) {
            items.add(new EnvironmentReport.Item("gpu " + gpu.index(), gpu.name() + ", " + gpu.totalMiB()
                    + " MiB (" + gpu.usedMiB() + " MiB in use)"));
        }
        String driver = gpus.isEmpty() ? "no NVIDIA driver (nvidia-smi lists no GPU)" : "driver " + gpus.getFirst().driver();
        String runtime = CudaUtils.hasCuda() ? "CUDA runtime " + CudaUtils.getCudaVersionString() : "no CUDA runtime";
        String mismatch = !gpus.isEmpty() && engineGpus == 0
                ? "; the engine sees none of them: its libtorch is the CPU flavour (rerun environment/setup.sh)" : "";
        items.add(new EnvironmentReport.Item("cuda", runtime + ", " + driver + mismatch));
        return items;
    }

    /** Parses {@code nvidia-smi --format=csv,noheader,nounits} output of {@link #QUERY}; bad lines are skipped. */
    static List<Gpu> parse(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",\\s*");
            if (f.length != 5) {
                continue;
            }
            try {
                gpus.add(new Gpu(Integer.parseInt(f[0].trim()), f[1].trim(), Long.parseLong(f[2].trim()),
                        Long.parseLong(f[3].trim()), f[4].trim()));
            } catch (NumberFormatException e) {
                // a line that is not a GPU (a driver message): not ours to report
            }
        }
        return gpus;
    }

    private static String nvidiaSmi() {
        try {
            Process process = new ProcessBuilder("nvidia-smi", QUERY, "--format=csv,noheader,nounits")
                    .redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return process.exitValue() == 0
                    ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return ""; // no nvidia-smi: no NVIDIA driver
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
