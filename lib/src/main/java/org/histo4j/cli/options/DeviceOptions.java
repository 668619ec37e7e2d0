package org.histo4j.cli.options;

import org.histo4j.Histo4jException;
import org.histo4j.model.Devices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --device auto|cpu|gpu|gpu:N|gpu:N,M}: where a command computes, parsed by {@link Devices#parse(String)}. A
 * malformed value is bad usage (exit 2); a GPU the engine does not see stops the run with one line (exit 1), never a
 * silent fall-back to the CPU.
 */
public final class DeviceOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto, cpu, gpu (every GPU), gpu:N or gpu:N,M (default: ${DEFAULT-VALUE} = the GPUs the"
                    + " engine sees, else the CPU)")
    String device;

    private Devices parsed;

    /** The devices asked for; checks them on first use. */
    public Devices devices() {
        if (parsed == null) {
            try {
                parsed = Devices.parse(device);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--device: " + Histo4jException.reason(e), e);
            } catch (Histo4jException e) {
                throw new Histo4jException("--device " + e.getMessage() + "; run ./histo4j env", e);
            }
        }
        return parsed;
    }
}
