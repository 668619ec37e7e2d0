package org.histo4j;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on something being written (a run directory, a folder of bags, a feature cache), held through
 * a lock file that names its owner ({@code pid}, {@code host}, {@code since}) and an operating-system lock on it
 * ({@link FileChannel#tryLock()}). A second process that asks for the same lock gets one line naming the holder.
 * The operating system drops the lock when its process dies, so a lock file left by a killed process is simply
 * taken over (with a note in the log). Closing the lock empties the file and releases it; the file stays, because
 * deleting a lock file another process has just opened would let a third one lock a new file beside it.
 *
 * <p>Locks are advisory: they keep histo4j processes apart, not other programs. On network file systems without
 * lock support {@code tryLock} fails, and the message says so.
 */
public final class WriteLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteLock.class);

    /** The name of the lock file inside a locked folder ({@link #onFolder}). */
    public static final String FOLDER_LOCK = "histo4j.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private WriteLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the folder {@code dir} (created if needed) through {@code dir/histo4j.lock}. */
    public static WriteLock onFolder(Path dir, String what) {
        return acquire(dir.resolve(FOLDER_LOCK), what);
    }

    /**
     * Takes the lock held through {@code lockFile} (created, with its parent folders, if needed) for writing
     * {@code what} (named in messages, e.g. "run directory runs/a").
     *
     * @throws Histo4jException naming the holder when another process (or another writer in this one) holds it
     */
    public static WriteLock acquire(Path lockFile, String what) {
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            return tryOnce(lockFile, what);
        } catch (IOException e) {
            throw new Histo4jException("cannot lock " + what + " with " + lockFile + ": " + Histo4jException.reason(e), e);
        }
    }

    private static WriteLock tryOnce(Path lockFile, String what) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new Histo4jException(what + " is already being written by this process (lock " + lockFile + ")",
                    e);
        } catch (IOException e) {
            channel.close();
            throw new Histo4jException("cannot lock " + what + " (" + lockFile + "): " + Histo4jException.reason(e)
                    + "; the file system may not support locks", e);
        }
        if (lock == null) {
            String holder = describe(read(channel));
            channel.close();
            throw new Histo4jException(what + " is in use by " + holder + " (lock " + lockFile
                    + "); wait for it to finish or stop it");
        }
        String previous = read(channel);
        if (!previous.isBlank()) {
            LOG.info("taking over {}: its holder ({}) is no longer running", lockFile, describe(previous));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(owner().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new WriteLock(lockFile, channel, lock);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String owner() {
        return "pid=" + ProcessHandle.current().pid() + "\nhost=" + host() + "\nsince=" + Instant.now() + "\n";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** "process 1234 on host h since 2026-12-07T01:00:00Z" from the lock file's lines. */
    private static String describe(String content) {
        String pid = field(content, "pid");
        return "process " + pid + " on host " + field(content, "host") + " since " + field(content, "since");
    }

    private static String field(String content, String key) {
        return content.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .findFirst().orElse("?");
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Empties the lock file (no holder any more) and releases the lock. */
    @Override
    public void close() {
        try (channel) {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new Histo4jException("cannot release the lock " + file + ": " + Histo4jException.reason(e), e);
        }
    }
}
