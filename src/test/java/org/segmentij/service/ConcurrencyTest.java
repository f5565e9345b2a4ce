package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.deep.store.LoadedModel;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.params.ParameterParser;

import ai.djl.Device;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

/**
 * Services and commands called from several threads at once give what they give one after the
 * other. Different techniques (thresholds, Gaussian blur, watershed, labelling, a deep model
 * through ModelService) run 8 at a time through the shared {@link SegmentIJ} services (the path
 * of the command line and of Fiji): each technique on 8 threads released together (fast ones
 * called repeatedly so that the calls overlap), then all of them mixed; every result must be
 * identical, pixel for pixel and value for value, to the same call made alone. The oracle is the
 * serial run: a race shows as a difference, an exception, or a changed input.
 */
class ConcurrencyTest {

	static final int THREADS = 8;

	static Path modelDir;

	@TempDir
	Path tmp;

	@BeforeAll
	static void model() throws Exception {
		modelDir = Files.createTempDirectory("concurrency-model");
		try (ai.djl.Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(5)) {
			org.segmentij.deep.store.ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), modelDir);
		}
	}

	@AfterAll
	static void removeModel() throws Exception {
		SegmentIJ.models().releaseAll();
		try (Stream<Path> files = Files.walk(modelDir)) {
			for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList())
				Files.delete(f);
		}
	}

	/** One call: a technique with its parameters on an input. */
	record Job(String name, String id, Map<String, String> params, ImagePlus input) {
	}

	/** What a call gave: every plane's pixels as floats and the values as text (order kept). */
	record Outcome(List<float[]> planes, int bitDepth, Map<String, String> values) {
	}

	static ImagePlus nuclei(int w, int h, int depth, int count, long seed) {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(depth == 1 ? SyntheticNuclei.Params.defaults2D(w, h, count, seed)
				: SyntheticNuclei.Params.defaults3D(w, h, depth, count, seed));
		return ImagePlusAdapter.toImagePlus(depth == 1 ? AxisImage.of("n" + seed, s.image(), Axis.X, Axis.Y)
				: AxisImage.of("n" + seed, s.image(), Axis.X, Axis.Y, Axis.Z));
	}

	static Outcome outcome(TechniqueResult r) {
		List<float[]> planes = new ArrayList<>();
		int depth = 0;
		if (r.image() != null) {
			ImageStack st = r.image().getStack();
			depth = r.image().getBitDepth();
			for (int p = 1; p <= st.getSize(); p++) {
				ImageProcessor ip = st.getProcessor(p);
				float[] f = new float[ip.getPixelCount()];
				for (int i = 0; i < f.length; i++)
					f[i] = depth == 24 ? ip.get(i) : ip.getf(i);
				planes.add(f);
			}
		}
		Map<String, String> values = new TreeMap<>();
		r.values().forEach((k, v) -> {
			if (!(v instanceof NamedTable || v instanceof RoiSet))
				values.put(k, ParameterParser.format(v));
			else if (v instanceof NamedTable t)
				values.put(k, new String(t.csv(), java.nio.charset.StandardCharsets.UTF_8));
		});
		return new Outcome(planes, depth, values);
	}

	static List<float[]> pixels(ImagePlus imp) {
		List<float[]> out = new ArrayList<>();
		for (int p = 1; p <= imp.getStackSize(); p++)
			out.add((float[]) imp.getStack().getProcessor(p).convertToFloatProcessor().getPixels());
		return out;
	}

	static List<Job> jobs() {
		ImagePlus a = nuclei(300, 260, 1, 25, 11), b = nuclei(257, 301, 1, 30, 12), stack = nuclei(96, 80, 12, 8, 13);
		SegmentationService s = SegmentIJ.segmentation();
		ImagePlus maskA = s.run("otsu", a, Map.of()).image(), maskStack = s.run("otsu", stack, Map.of()).image();
		ImagePlus labelsA = s.run("distance-watershed", maskA, Map.of()).image();
		String model = modelDir.toString();
		List<Job> jobs = new ArrayList<>();
		jobs.add(new Job("otsu a", "otsu", Map.of(), a));
		jobs.add(new Job("li b", "li", Map.of(), b));
		jobs.add(new Job("otsu stack", "otsu", Map.of(), stack));
		jobs.add(new Job("sauvola a", "local-sauvola", Map.of("radius", "9"), a));
		jobs.add(new Job("gaussian a", "gaussian-blur", Map.of("sigma_x", "2", "sigma_y", "1.5"), a));
		jobs.add(new Job("gaussian 3D", "gaussian-blur", Map.of("sigma_x", "1", "sigma_y", "1", "sigma_z", "1"), stack));
		jobs.add(new Job("watershed a", "distance-watershed", Map.of(), maskA));
		jobs.add(new Job("watershed 3D", "distance-watershed", Map.of(), maskStack));
		jobs.add(new Job("labelling a", "connected-components", Map.of(), maskA));
		jobs.add(new Job("labelling 3D", "connected-components", Map.of("connectivity", "face"), maskStack));
		jobs.add(new Job("distance a", "distance-transform", Map.of(), maskA));
		jobs.add(new Job("cleanup a", "label-cleanup", Map.of("min_size", "40"), labelsA));
		jobs.add(new Job("measure a", "measure-labels", Map.of(), labelsA));
		jobs.add(new Job("canny b", "canny", Map.of(), b));
		jobs.add(new Job("kmeans b", "kmeans", Map.of("clusters", "3"), b));
		jobs.add(new Job("model a", "apply-model", Map.of("model", model, "device", "cpu"), a));
		jobs.add(new Job("model b labels", "apply-model", Map.of("model", model, "device", "cpu", "result", "labels", "tile", "32"), b));
		jobs.add(new Job("model stack", "apply-model", Map.of("model", model, "device", "cpu"), stack));
		return jobs;
	}

	@Test
	void eightAtATimeGiveWhatOneAtATimeGives() throws Exception {
		List<Job> jobs = jobs();
		Map<String, List<float[]>> inputsBefore = new LinkedHashMap<>();
		for (Job j : jobs)
			inputsBefore.put(j.name, pixels(j.input));
		SegmentationService service = SegmentIJ.segmentation();

		Map<String, Outcome> serial = new LinkedHashMap<>();
		Map<String, Integer> repeats = new LinkedHashMap<>();
		for (Job j : jobs) {
			long t0 = System.nanoTime();
			serial.put(j.name, outcome(service.run(j.id, j.input, j.params)));
			// fast calls are repeated so that 8 of them really overlap (about 0.15 s of work per thread)
			long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
			repeats.put(j.name, (int) Math.max(1, Math.min(20, 150 / ms)));
		}

		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			// 1. the same technique on 8 threads released together, each calling it repeatedly
			for (Job j : jobs) {
				CyclicBarrier start = new CyclicBarrier(THREADS);
				List<Future<List<Outcome>>> futures = new ArrayList<>();
				for (int t = 0; t < THREADS; t++)
					futures.add(pool.submit(() -> {
						start.await(60, TimeUnit.SECONDS);
						List<Outcome> out = new ArrayList<>();
						for (int r = 0; r < repeats.get(j.name); r++)
							out.add(outcome(service.run(j.id, j.input, j.params)));
						return out;
					}));
				for (Future<List<Outcome>> f : futures)
					for (Outcome got : f.get(10, TimeUnit.MINUTES))
						same(j.name + " (8 threads at once)", serial.get(j.name), got);
			}
			// 2. all techniques mixed, shuffled, 8 at a time
			List<Job> work = new ArrayList<>(jobs);
			work.addAll(jobs);
			Collections.shuffle(work, new Random(1));
			List<Future<Outcome>> futures = new ArrayList<>();
			for (Job j : work)
				futures.add(pool.submit(() -> outcome(service.run(j.id, j.input, j.params))));
			for (int k = 0; k < work.size(); k++)
				same(work.get(k).name + " (mixed)", serial.get(work.get(k).name), futures.get(k).get(10, TimeUnit.MINUTES));
		}
		finally {
			pool.shutdownNow();
		}
		for (Job j : jobs) {
			List<float[]> before = inputsBefore.get(j.name), after = pixels(j.input);
			for (int p = 0; p < before.size(); p++)
				assertArrayEquals(before.get(p), after.get(p), j.name + ": the input was changed");
		}
	}

	private static void same(String what, Outcome want, Outcome got) {
		assertEquals(want.values, got.values, what + ": values");
		assertEquals(want.bitDepth, got.bitDepth, what + ": bit depth");
		assertEquals(want.planes.size(), got.planes.size(), what + ": planes");
		for (int p = 0; p < want.planes.size(); p++)
			assertArrayEquals(want.planes.get(p), got.planes.get(p), what + ": plane " + p);
	}

	@Test
	void theModelIsLoadedOnceWhenEightThreadsAskForItTogether() throws Exception {
		SegmentIJ.models().releaseAll();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		CyclicBarrier start = new CyclicBarrier(THREADS);
		try {
			List<Future<LoadedModel>> got = new ArrayList<>();
			for (int k = 0; k < THREADS; k++)
				got.add(pool.submit(() -> {
					start.await(60, TimeUnit.SECONDS);
					return SegmentIJ.models().model(modelDir.toString(), Device.cpu());
				}));
			LoadedModel first = got.get(0).get(2, TimeUnit.MINUTES);
			assertNotNull(first);
			for (Future<LoadedModel> f : got)
				assertSame(first, f.get(2, TimeUnit.MINUTES));
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Predictors of threads that have ended are closed and dropped, not kept for the life of the model. */
	@Test
	void predictorsOfEndedThreadsAreReleased() throws Exception {
		LoadedModel m = SegmentIJ.models().model(modelDir.toString(), Device.cpu());
		AxisImage<?> img = ImagePlusAdapter.wrapReal(nuclei(64, 64, 1, 3, 21));
		for (int round = 0; round < 5; round++) {
			ExecutorService pool = Executors.newFixedThreadPool(4);
			List<Future<?>> fs = new ArrayList<>();
			for (int k = 0; k < 4; k++)
				fs.add(pool.submit(() -> probabilities(m, img)));
			for (Future<?> f : fs)
				f.get(2, TimeUnit.MINUTES);
			pool.shutdown();
			assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
		}
		probabilities(m, img); // a new predictor on this thread sweeps the ended ones
		assertTrue(m.predictorCount() <= 1 + 4, "predictors kept: " + m.predictorCount());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Object probabilities(LoadedModel m, AxisImage img) {
		return m.probabilities(img, m.tiling(32, 4, 2), "p");
	}

	/** A folder processed with 8 jobs gives the same files, byte for byte, as with one. */
	@Test
	void batchWithEightJobsWritesWhatOneJobWrites() throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (int k = 0; k < 16; k++)
			assertTrue(new FileSaver(nuclei(160 + 8 * k, 150, 1, 10, 100 + k)).saveAsTiff(in.resolve(String.format("n%02d.tif", k)).toString()));
		Path pipe = Files.writeString(tmp.resolve("p.pipeline"), "gaussian-blur sigma_x=1 sigma_y=1\notsu\ndistance-watershed\n");
		Pipeline p = Pipeline.of(pipe.toString(), Map.of());
		Path one = tmp.resolve("one"), eight = tmp.resolve("eight");
		FolderBatch.Summary s1 = new FolderBatch(SegmentIJ.segmentation(), p, in, one).jobs(1).run(new FolderBatch.Listener() {
		});
		FolderBatch.Summary s8 = new FolderBatch(SegmentIJ.segmentation(), p, in, eight).jobs(THREADS).run(new FolderBatch.Listener() {
		});
		assertEquals(16, s1.count(FolderBatch.OK));
		assertEquals(16, s8.count(FolderBatch.OK));
		assertEquals(s1.objects(), s8.objects());
		for (int k = 0; k < 16; k++) {
			String n = String.format("n%02d.tif", k);
			assertArrayEquals(Files.readAllBytes(one.resolve(n)), Files.readAllBytes(eight.resolve(n)), n);
		}
	}
}
