package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * `segmentij batch` killed part way (the process destroyed, as by kill -9 or a power cut) and run
 * again with --resume ends with the same outputs as an uninterrupted batch: the same files, the
 * same pixels, every input listed once in summary.csv, and no temporary files left behind.
 */
class BatchResumeTest {

	@TempDir
	Path tmp;

	static final int FILES = 30;

	private Process batch(Path in, Path out, boolean resume) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "batch", "otsu", "-i",
				in.toString(), "-o", out.toString(), "-q"));
		if (resume)
			cmd.add("--resume");
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log-" + out.getFileName() + (resume ? "-resume" : "") + ".txt").toFile())
				.start();
	}

	private static Set<String> names(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
		}
	}

	private static long tifs(Path dir) throws Exception {
		if (!Files.isDirectory(dir))
			return 0;
		return names(dir).stream().filter(n -> n.endsWith(".tif") && !n.startsWith(".")).count();
	}

	private void finish(Process p, Path out, boolean resume) throws Exception {
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "batch did not finish");
		assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("log-" + out.getFileName() + (resume ? "-resume" : "") + ".txt")));
	}

	@Test
	void killedBatchResumedEqualsUninterrupted() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in")), whole = tmp.resolve("whole"), resumed = tmp.resolve("resumed");
		Random rnd = new Random(3);
		for (int k = 0; k < FILES; k++) { // noisy 16-bit images with a few bright disks, big enough that a batch takes a while
			int w = 768, h = 640;
			ShortProcessor ip = new ShortProcessor(w, h);
			int[][] disks = new int[4 + k % 3][];
			for (int d = 0; d < disks.length; d++)
				disks[d] = new int[] { 60 + rnd.nextInt(w - 120), 60 + rnd.nextInt(h - 120), 15 + rnd.nextInt(30) };
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					boolean on = false;
					for (int[] d : disks)
						on |= (x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2];
					ip.set(x, y, (int) Math.round((on ? 3000 : 1000) + 200 * rnd.nextGaussian()));
				}
			assertTrue(new FileSaver(new ImagePlus("img" + k, ip)).saveAsTiff(in.resolve(String.format("img%02d.tif", k)).toString()));
		}

		// uninterrupted
		finish(batch(in, whole, false), whole, false);

		// killed as soon as the first outputs are there
		Process p = batch(in, resumed, false);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (tifs(resumed) < 2 && p.isAlive() && System.nanoTime() < deadline)
			Thread.sleep(5);
		p.destroyForcibly();
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		long before = tifs(resumed);
		System.out.println("killed after " + before + " of " + FILES + " outputs");
		assertTrue(before >= 1 && before < FILES, "the batch was not interrupted part way: " + before + " of " + FILES + " outputs");
		// what a kill during a write leaves: a temporary file beside the output (ImageFiles' naming)
		Files.writeString(resumed.resolve(".img29.tif8123456789.part"), "half an image");
		Files.writeString(resumed.resolve(".notes.txt1.part"), "not ours"); // not a batch output: left alone
		finish(batch(in, resumed, true), resumed, true);
		Files.delete(resumed.resolve(".notes.txt1.part"));

		Set<String> expected = names(whole);
		assertEquals(FILES + 1, expected.size(), expected.toString()); // the outputs and summary.csv
		assertEquals(expected, names(resumed), "same files, no temporary ones");
		for (String n : expected) {
			if (!n.endsWith(".tif"))
				continue;
			ImagePlus a = IJ.openImage(whole.resolve(n).toString()), b = IJ.openImage(resumed.resolve(n).toString());
			assertNotNull(a, n);
			assertNotNull(b, n);
			assertEquals(a.getWidth(), b.getWidth(), n);
			assertEquals(a.getHeight(), b.getHeight(), n);
			assertEquals(a.getBitDepth(), b.getBitDepth(), n);
			ImageProcessor pa = a.getProcessor(), pb = b.getProcessor();
			for (int i = 0; i < pa.getPixelCount(); i++)
				assertEquals(pa.get(i), pb.get(i), n + " pixel " + i);
		}
		// summary.csv lists every input once: the resumed run marks the first run's outputs as skipped
		List<String> rows = Files.readAllLines(resumed.resolve("summary.csv"));
		assertEquals(FILES + 1, rows.size(), String.join("\n", rows));
		long skipped = rows.stream().filter(r -> r.contains("output exists")).count();
		assertEquals(before, skipped, String.join("\n", rows));
		for (int k = 0; k < FILES; k++) {
			String name = String.format("img%02d.tif", k);
			assertEquals(1, rows.stream().filter(r -> r.startsWith(name + ",") || r.startsWith("\"" + name + "\",")).count(), name + "\n" + String.join("\n", rows));
		}
		assertTrue(rows.stream().noneMatch(r -> r.contains(",failed,")), String.join("\n", rows));
	}
}
