package org.segmentij.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;

import ij.IJ;
import ij.ImagePlus;

/**
 * The Spark runner on local[2] against {@code segmentij batch --jobs 2} on the same images and
 * the same pipeline file: the same output files, byte for byte, and the same summary rows;
 * retried tasks leave the same outputs; metrics against ground truth as computed here by brute force.
 */
class SparkBatchTest {

	/** The project's own pipeline file: Otsu, distance-transform watershed, clean-up. */
	static final Path NUCLEI = Path.of("..", "pipelines", "nuclei.pipeline").toAbsolutePath().normalize();

	@TempDir
	Path tmp;

	@AfterEach
	void noHook() {
		ImageTask.hook = null;
	}

	private Path images(int n, long seed) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < n; i++)
			TestImages.save(TestImages.blobs(96, 80, 6 + i % 5, seed + i), in.resolve(String.format("img%02d.tif", i)));
		return in;
	}

	private static Set<String> names(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
		}
	}

	/** Every output of batch is there, with the same bytes, and nothing else but summary.csv. */
	private static void sameOutputs(Path batch, Path spark) throws Exception {
		Set<String> b = names(batch), s = names(spark);
		assertEquals(b, s, "the same files");
		for (String f : b)
			if (!f.equals("summary.csv"))
				assertArrayEquals(Files.readAllBytes(batch.resolve(f)), Files.readAllBytes(spark.resolve(f)), f + " byte for byte");
	}

	/** Summary rows without the time column. */
	private static List<List<String>> rowsWithoutMs(Path summary) throws Exception {
		List<List<String>> rows = new ArrayList<>();
		for (List<String> r : TestImages.csv(summary)) {
			List<String> c = new ArrayList<>(r.subList(0, 6));
			c.remove(3);
			rows.add(c);
		}
		return rows;
	}

	@Test
	void sameOutputsAndRowsAsBatchIncludingAFailedImage() throws Exception {
		Path in = images(10, 100);
		Files.writeString(in.resolve("broken.tif"), "not a tiff");
		Path b = tmp.resolve("batch"), s = tmp.resolve("spark");
		assertEquals(4, Main.execute("batch", NUCLEI.toString(), "-i", in.toString(), "-o", b.toString(), "--jobs", "2", "-q"));
		assertEquals(4, SparkBatch.execute(NUCLEI.toString(), "-i", in.toString(), "-o", s.toString(), "--master", "local[2]"),
				"exit code 4: an image failed, the others were done");
		sameOutputs(b, s);
		List<List<String>> rb = rowsWithoutMs(b.resolve("summary.csv")), rs = rowsWithoutMs(s.resolve("summary.csv"));
		assertEquals(rb, rs, "file, status, output, objects, details as batch");
		assertEquals(12, rs.size());
		assertEquals(List.of("broken.tif", "failed"), rs.get(1).subList(0, 2));
		for (List<String> r : rs.subList(2, 12)) {
			assertEquals("ok", r.get(1));
			assertTrue(Integer.parseInt(r.get(3)) > 0, "objects found in " + r.get(0));
		}
	}

	@Test
	void aListOfImagesWithRelativePaths() throws Exception {
		Path in = images(4, 200);
		Path list = tmp.resolve("list.txt");
		Files.writeString(list, "# two of the four\nin/img01.tif\n\n" + in.resolve("img03.tif") + "  # absolute\n");
		Path s = tmp.resolve("spark");
		assertEquals(0, SparkBatch.execute("otsu", "-i", list.toString(), "-o", s.toString(), "--master", "local[2]"));
		assertEquals(Set.of("img01.tif", "img03.tif", "summary.csv"), names(s));
		Path b = tmp.resolve("batch");
		assertEquals(0, Main.execute("batch", "otsu", "-i", in.toString(), "-o", b.toString(), "-q"));
		for (String f : List.of("img01.tif", "img03.tif"))
			assertArrayEquals(Files.readAllBytes(b.resolve(f)), Files.readAllBytes(s.resolve(f)));
	}

	@Test
	void retriedTasksLeaveTheOutputsOfOneRun() throws Exception {
		Path in = images(6, 300);
		Path b = tmp.resolve("batch"), s = tmp.resolve("spark");
		assertEquals(0, Main.execute("batch", NUCLEI.toString(), "-i", in.toString(), "-o", b.toString(), "--jobs", "2", "-q"));
		Set<String> attempts = ConcurrentHashMap.newKeySet();
		ImageTask.hook = new ImageTask.Hook() {
			@Override
			public void before(String input, int attempt) {
				String f = Path.of(input).getFileName().toString();
				attempts.add(f + "#" + attempt);
				if (f.equals("img01.tif") && attempt == 0)
					throw new IllegalStateException("injected: executor lost before writing img01");
			}

			@Override
			public void after(String input, int attempt) {
				String f = Path.of(input).getFileName().toString();
				if (f.equals("img04.tif") && attempt == 0) {
					try { // as if killed while writing a second copy: a temporary beside the output
						Files.writeString(s.resolve(".img04.tif8841123.part"), "half an image");
					}
					catch (java.io.IOException e) {
						throw new java.io.UncheckedIOException(e);
					}
					throw new IllegalStateException("injected: executor lost after writing img04");
				}
			}
		};
		for (String perTask : List.of("1", "2")) { // one task per image; two images per task (a retry redoes both)
			attempts.clear();
			// local[2,3]: two threads, a task may fail 3 times (local mode ignores spark.task.maxFailures)
			assertEquals(0, SparkBatch.execute(NUCLEI.toString(), "-i", in.toString(), "-o", s.toString(), "--master", "local[2,3]",
					"--per-task", perTask));
			assertTrue(attempts.containsAll(List.of("img01.tif#0", "img01.tif#1", "img04.tif#0", "img04.tif#1")),
					"the two tasks really ran twice: " + attempts);
			sameOutputs(b, s); // also: no .part file left
			assertEquals(rowsWithoutMs(b.resolve("summary.csv")), rowsWithoutMs(s.resolve("summary.csv")), "one row per image, as batch");
		}
	}

	@Test
	void oneTaskPerImageSharesOneEnginePerExecutorAndKeepsTheOrder() throws Exception {
		Path in = images(7, 600);
		Path b = tmp.resolve("batch");
		assertEquals(0, Main.execute("batch", NUCLEI.toString(), "-i", in.toString(), "-o", b.toString(), "--jobs", "2", "-q"));
		Set<Integer> partitions = ConcurrentHashMap.newKeySet();
		Set<String> threads = ConcurrentHashMap.newKeySet();
		ImageTask.hook = new ImageTask.Hook() {
			@Override
			public void before(String input, int attempt) {
				partitions.add(org.apache.spark.TaskContext.get().partitionId());
				threads.add(Thread.currentThread().getName());
			}
		};
		for (int k : new int[] { 1, 3 }) { // 7 tasks of one image; 3 tasks of 3, 3 and 1 images
			partitions.clear();
			Path s = tmp.resolve("spark" + k);
			int made = ImageTask.ENGINES_MADE.get();
			assertEquals(0, SparkBatch.execute(NUCLEI.toString(), "-i", in.toString(), "-o", s.toString(), "--master", "local[2]",
					"--per-task", Integer.toString(k)));
			assertEquals((7 + k - 1) / k, partitions.size(), "tasks for --per-task " + k);
			assertEquals(1, ImageTask.ENGINES_MADE.get() - made, "the run's tasks on the one executor share one engine");
			sameOutputs(b, s);
			assertEquals(rowsWithoutMs(b.resolve("summary.csv")), rowsWithoutMs(s.resolve("summary.csv")), "rows in input order");
		}
		assertTrue(threads.size() >= 1 && threads.stream().allMatch(t -> t.startsWith("Executor task launch")), "ran in tasks: " + threads);
	}

	@Test
	void metricsAgainstGroundTruthAsComputedByBruteForce() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in")), truth = Files.createDirectories(tmp.resolve("truth"));
		for (int i = 0; i < 3; i++) {
			ImagePlus img = TestImages.blobs(96, 80, 8, 400 + i);
			TestImages.save(img, in.resolve("img" + i + ".tif"));
			// truth: components of the pixels far above the background, less object 1 (so that not all is found right)
			int[] px = TestImages.pixels(img);
			boolean[] m = new boolean[px.length];
			for (int k = 0; k < px.length; k++)
				m[k] = px[k] > 900;
			int[] lab = TestImages.components(m, 96, 80, true);
			short[] t = new short[lab.length];
			for (int k = 0; k < lab.length; k++)
				t[k] = (short) (lab[k] == 1 ? 0 : lab[k]);
			TestImages.save(new ImagePlus("t", new ij.process.ShortProcessor(96, 80, t, null)), truth.resolve("img" + i + ".tif"));
		}
		TestImages.save(TestImages.blobs(64, 64, 3, 9), in.resolve("no_truth.tif"));
		Path pipe = TestImages.pipeline(tmp, "cc.pipeline", "manual-threshold lower=700", "connected-components");
		Path s = tmp.resolve("spark");
		assertEquals(0, SparkBatch.execute(pipe.toString(), "-i", in.toString(), "-o", s.toString(), "--truth", truth.toString(),
				"--master", "local[2]"));
		List<List<String>> rows = TestImages.csv(s.resolve("summary.csv"));
		assertEquals(List.of("file", "status", "output", "ms", "objects", "details", "dice", "iou", "precision", "recall", "f1@0.50",
				"ap@0.50"), rows.get(0));
		for (int i = 0; i < 3; i++) {
			List<String> r = rows.get(1 + i);
			assertEquals("img" + i + ".tif", r.get(0));
			int[] p = TestImages.pixels(IJ.openImage(s.resolve("img" + i + ".tif").toString()));
			int[] t = TestImages.pixels(IJ.openImage(truth.resolve("img" + i + ".tif").toString()));
			long both = 0, np = 0, nt = 0;
			for (int k = 0; k < p.length; k++) {
				np += p[k] > 0 ? 1 : 0;
				nt += t[k] > 0 ? 1 : 0;
				both += p[k] > 0 && t[k] > 0 ? 1 : 0;
			}
			assertEquals(2.0 * both / (np + nt), Double.parseDouble(r.get(6)), 1e-5, "dice");
			assertEquals((double) both / (np + nt - both), Double.parseDouble(r.get(7)), 1e-5, "iou");
			// instances: all pairs, a match is IoU > 0.5 (one-to-one by construction)
			int maxP = 0, maxT = 0;
			for (int k = 0; k < p.length; k++) {
				maxP = Math.max(maxP, p[k]);
				maxT = Math.max(maxT, t[k]);
			}
			long[][] inter = new long[maxP + 1][maxT + 1];
			long[] sp = new long[maxP + 1], st = new long[maxT + 1];
			for (int k = 0; k < p.length; k++) {
				inter[p[k]][t[k]]++;
				sp[p[k]]++;
				st[t[k]]++;
			}
			int tp = 0;
			for (int a = 1; a <= maxP; a++)
				for (int c = 1; c <= maxT; c++)
					if (inter[a][c] > 0 && inter[a][c] / (double) (sp[a] + st[c] - inter[a][c]) > 0.5)
						tp++;
			int nP = 0, nT = 0;
			for (int a = 1; a <= maxP; a++)
				nP += sp[a] > 0 ? 1 : 0;
			for (int c = 1; c <= maxT; c++)
				nT += st[c] > 0 ? 1 : 0;
			assertEquals(nP, Integer.parseInt(r.get(4)), "objects");
			assertTrue(nP > nT, "the truth lacks one object");
			assertEquals(2.0 * tp / (nP + nT), Double.parseDouble(r.get(10)), 1e-5, "f1@0.50");
			assertEquals(tp / (double) (nP + nT - tp), Double.parseDouble(r.get(11)), 1e-5, "ap@0.50");
		}
		List<String> last = rows.get(4);
		assertEquals("no_truth.tif", last.get(0));
		assertTrue(last.get(5).contains("no ground truth"), last.get(5));
		assertEquals("", last.get(6));
	}

	@Test
	void badOptionsAreRefusedBeforeSparkStarts() throws Exception {
		Path in = images(1, 500);
		String o = tmp.resolve("o").toString();
		assertEquals(2, SparkBatch.execute("no-such-technique", "-i", in.toString(), "-o", o));
		assertEquals(3, SparkBatch.execute("otsu", "-i", tmp.resolve("missing").toString(), "-o", o));
		assertEquals(3, SparkBatch.execute("otsu", "-i", in.toString(), "-o", o, "--truth", tmp.resolve("nothing").toString()));
		assertEquals(2, SparkBatch.execute("otsu", "-i", in.toString(), "-o", o, "--tile", "8"));
		assertEquals(2, SparkBatch.execute("otsu", "-i", in.resolve("img00.tif").toString(), "-o", o));
		assertEquals(2, SparkBatch.execute("otsu", "-i", in.toString(), "-o", o, "--format", "jpg"));
		assertEquals(2, SparkBatch.execute("otsu", "-i", in.toString(), "-o", o, "--per-task", "0"));
	}
}
