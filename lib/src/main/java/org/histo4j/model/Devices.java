package org.histo4j.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.histo4j.Histo4jException;

/**
 * The device(s) a run computes on, chosen once by the caller and passed down (there is no global default):
 * {@code Devices.parse("gpu:0,1")} on the command line and in notebooks alike.
 *
 * <p>Accepted text (case-insensitive): {@code auto} (every GPU the engine sees, else the CPU), {@code cpu},
 * {@code gpu} (every GPU the engine sees), {@code gpu:N} and {@code gpu:N,M,...} ({@code gpuN}, DJL's spelling that
 * older run configurations hold, is read too). Asking for a GPU the engine does not
 * see is refused with one line naming what is missing; it never falls back to the CPU. Code that is not
 * data-parallel computes on {@link #first()}. {@link #toString()} gives the text back, as run configurations record it.
 *
 * @param devices the devices, at least one, no repeats
 */
public record Devices(List<Device> devices) {

    private static final Pattern GPUS = Pattern.compile("gpu:?(\\d+(?:,\\d+)*)");
    private static final Pattern FLAVOUR = Pattern.compile("-(cpu|cu\\d+|rocm[\\d.]*|precxx11)(?:-|$)");

    /** Copies the list; refuses an empty list and repeated devices. */
    public Devices {
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("devices must hold at least one device");
        }
        if (new LinkedHashSet<>(devices).size() != devices.size()) {
            throw new IllegalArgumentException("devices repeat a device: " + devices);
        }
    }

    /** The CPU. */
    public static Devices cpu() {
        return new Devices(List.of(Device.cpu()));
    }

    /** Every GPU the engine sees, else the CPU. */
    public static Devices auto() {
        return parse("auto");
    }

    /** Parses {@code text} against the GPUs this machine's engine sees; see the class comment for the grammar. */
    public static Devices parse(String text) {
        return parse(text, Engine.getInstance().getGpuCount());
    }

    /**
     * Parses {@code text} as if the engine saw {@code visibleGpus} GPUs (what {@link #parse(String)} asks the engine).
     *
     * @throws IllegalArgumentException when the text is not in the grammar
     * @throws Histo4jException when it names a GPU that is not there
     */
    public static Devices parse(String text, int visibleGpus) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<Integer> ids = new ArrayList<>();
        switch (value) {
            case "cpu" -> {
                return cpu();
            }
            case "auto" -> {
                if (visibleGpus == 0) {
                    return cpu();
                }
                allGpus(ids, visibleGpus);
            }
            case "gpu" -> {
                requireGpus(text, 1, visibleGpus);
                allGpus(ids, visibleGpus);
            }
            default -> {
                Matcher m = GPUS.matcher(value);
                if (!m.matches()) {
                    throw new IllegalArgumentException("'" + text + "' is not a device: expected auto, cpu, gpu, gpu:N"
                            + " or gpu:N,M,...");
                }
                Set<Integer> seen = new LinkedHashSet<>();
                for (String id : m.group(1).split(",")) {
                    if (!seen.add(Integer.parseInt(id))) {
                        throw new IllegalArgumentException("'" + text + "' names gpu " + id + " twice");
                    }
                }
                ids.addAll(seen);
                requireGpus(text, seen.stream().mapToInt(Integer::intValue).max().orElseThrow() + 1, visibleGpus);
            }
        }
        return new Devices(ids.stream().map(Device::gpu).toList());
    }

    private static void allGpus(List<Integer> ids, int visibleGpus) {
        for (int i = 0; i < visibleGpus; i++) {
            ids.add(i);
        }
    }

    private static void requireGpus(String text, int needed, int visibleGpus) {
        if (needed > visibleGpus) {
            throw new Histo4jException(text + ": this machine's " + engineName() + " engine sees " + visibleGpus
                    + (visibleGpus == 1 ? " GPU" : " GPUs") + " (libtorch flavour " + flavour() + ")");
        }
    }

    private static String engineName() {
        try {
            return Engine.getInstance().getEngineName();
        } catch (RuntimeException e) {
            return "default";
        }
    }

    /** The libtorch flavour in use ({@code cpu}, {@code cu128}, ...), read from its folder name; else {@code unknown}. */
    public static String flavour() {
        try {
            Matcher m = FLAVOUR.matcher(java.nio.file.Path.of(LibUtils.getLibtorchPath()).getFileName().toString());
            return m.find() ? m.group(1) : "unknown";
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "unknown";
        }
    }

    /** Where {@code encoder}'s (initialised) parameters live, so that inputs are made there; the CPU before that. */
    public static Device of(Encoder encoder) {
        return encoder.namedParameters().values().stream().filter(p -> p.isInitialized())
                .map(p -> p.getArray().getDevice()).findFirst().orElse(Device.cpu());
    }

    /** The device non-parallel code computes on. */
    public Device first() {
        return devices.getFirst();
    }

    /** The devices as the array DJL's training configuration takes. */
    public Device[] toArray() {
        return devices.toArray(Device[]::new);
    }

    /** Whether these are GPUs. */
    public boolean isGpu() {
        return devices.stream().allMatch(Device::isGpu);
    }

    /** The text {@link #parse(String)} reads back: {@code cpu}, {@code gpu:0} or {@code gpu:0,1}. */
    @Override
    public String toString() {
        if (isGpu()) {
            return "gpu:" + String.join(",", devices.stream().map(d -> String.valueOf(d.getDeviceId())).toList());
        }
        return devices.size() == 1 && devices.getFirst().equals(Device.cpu()) ? "cpu"
                : String.join(",", devices.stream().map(Device::toString).toList());
    }
}
