package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.DiskFullException;
import org.segmentij.InputException;

import ij.ImagePlus;
import ij.process.ByteProcessor;

/** Atomic writes: a file replaced whole, a pipe or device written into (never replaced), a folder in the way refused, a full disk named. */
class AtomicWriteTest {

	@TempDir
	Path tmp;

	@Test
	void replacesARegularFileWholeAndLeavesNoTemporaryFile() throws Exception {
		Path f = tmp.resolve("out.csv");
		Files.writeString(f, "old content that is longer than the new one");
		ImageFiles.writeAtomically(f, "a,b\n".getBytes(StandardCharsets.UTF_8));
		assertEquals("a,b\n", Files.readString(f));
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(1, s.count());
		}
	}

	@Test
	void aPipeIsWrittenIntoNotReplaced() throws Exception {
		Path fifo = tmp.resolve("pipe.tif");
		Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
		assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo");
		CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
			try {
				return Files.readAllBytes(fifo);
			}
			catch (IOException e) {
				throw new RuntimeException(e);
			}
		});
		ByteProcessor bp = new ByteProcessor(5, 4);
		bp.set(2, 1, 9);
		ImagePlus imp = new ImagePlus("x", bp);
		ImageFiles.saveTiffAtomically(imp, fifo);
		byte[] got = read.get(30, TimeUnit.SECONDS);
		assertFalse(Files.isRegularFile(fifo), "the pipe was replaced by a file");
		assertTrue(Files.exists(fifo));
		Path plain = tmp.resolve("plain.tif");
		ImageFiles.saveTiffAtomically(imp, plain);
		assertArrayEquals(Files.readAllBytes(plain), got);
	}

	@Test
	void aFolderInTheWayIsAUsageError() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("out.tif"));
		// a folder named as the output is a wrong way of calling (a file name was meant): exit 2, nothing written
		org.segmentij.UsageException e = assertThrows(org.segmentij.UsageException.class,
				() -> ImageFiles.saveTiffAtomically(new ImagePlus("x", new ByteProcessor(3, 3)), dir));
		assertTrue(e.getMessage().contains("folder"), e.getMessage());
		assertTrue(Files.isDirectory(dir));
	}

	@Test
	void aFullDiskIsADiskFullError() {
		InputException e = ImageFiles.writeError(tmp.resolve("a.tif"), new IOException("No space left on device"));
		assertTrue(e instanceof DiskFullException, e.getClass().toString());
		InputException other = ImageFiles.writeError(tmp.resolve("a.tif"), new IOException("File too large"));
		assertFalse(other instanceof DiskFullException);
		assertTrue(other.getMessage().contains("ulimit -f"), other.getMessage());
	}

	@Test
	void recognisesTheOperatingSystemsDiskFullMessages() {
		assertTrue(DiskFullException.isDiskFull(new IOException("No space left on device")));
		assertTrue(DiskFullException.isDiskFull(new RuntimeException(new IOException("Disk quota exceeded"))));
		assertFalse(DiskFullException.isDiskFull(new IOException("File too large")));
		assertFalse(DiskFullException.isDiskFull(new IOException("Permission denied")));
		DiskFullException d = new DiskFullException(tmp.resolve("a.tif"), new IOException("No space left on device"));
		assertTrue(d.getMessage().startsWith("Cannot write " + tmp.resolve("a.tif") + ": disk full (No space left on device"), d.getMessage());
		assertEquals(3, d.exitCode());
	}
}
