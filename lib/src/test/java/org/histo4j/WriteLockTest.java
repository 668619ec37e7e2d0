package org.histo4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.histo4j.train.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteLockTest {

    private static final Map<String, Integer> CONFIG = Map.of("steps", 10);

    /** Holds a run directory ("run DIR") or a lock file ("lock FILE") until its standard input closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            AutoCloseable held = args[0].equals("run") ? RunDirectory.create(Path.of(args[1]), CONFIG)
                    : WriteLock.acquire(Path.of(args[1]), "test lock");
            System.out.println("holding");
            System.out.flush();
            System.in.read();
            try {
                held.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    private static Process hold(String kind, Path target) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), kind, target.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("holding", out.readLine(), "the other process took the lock");
        return process;
    }

    @Test
    void aSecondProcessIsRefusedNamingTheHolderAndADeadHoldersLockIsTakenOver(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Process other = hold("run", run);
        try {
            Histo4jException e = assertThrows(Histo4jException.class, () -> RunDirectory.resume(run, CONFIG));
            assertTrue(e.getMessage().startsWith("run directory " + run + " is in use by process " + other.pid()
                    + " on host "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), "one line");
        } finally {
            other.destroyForcibly().waitFor(); // killed: its lock file stays behind, its OS lock does not
        }
        assertTrue(Files.readString(run.resolve(WriteLock.FOLDER_LOCK)).contains("pid=" + other.pid()));
        try (RunDirectory resumed = RunDirectory.resume(run, CONFIG)) {
            assertTrue(Files.readString(run.resolve(WriteLock.FOLDER_LOCK))
                    .contains("pid=" + ProcessHandle.current().pid()));
        }
        assertEquals("", Files.readString(run.resolve(WriteLock.FOLDER_LOCK)), "released: no holder named");
    }

    @Test
    void aCacheLockIsHeldUntilTheHolderEndsAndTheSameProcessCannotTakeItTwice(@TempDir Path dir) throws Exception {
        Path lockFile = dir.resolve("features.h5.lock");
        Process other = hold("lock", lockFile);
        assertThrows(Histo4jException.class, () -> WriteLock.acquire(lockFile, "feature cache"));
        other.getOutputStream().close();
        assertEquals(0, other.waitFor());
        try (WriteLock lock = WriteLock.acquire(lockFile, "feature cache")) {
            Histo4jException twice = assertThrows(Histo4jException.class,
                    () -> WriteLock.acquire(lockFile, "feature cache"));
            assertTrue(twice.getMessage().contains("already being written by this process"), twice.getMessage());
        }
    }

    @Test
    void aRunDirectoryThatIsAPlainFileIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("out"), "x");
        Histo4jException e = assertThrows(Histo4jException.class, () -> RunDirectory.create(file, CONFIG));
        assertTrue(e.getMessage().contains(file + " is an existing file, not a directory"), e.getMessage());
    }
}
