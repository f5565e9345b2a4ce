package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.SegmentIJException;
import org.segmentij.service.NamedTable;
import org.segmentij.service.RoiSet;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;
import org.segmentij.service.Technique;
import org.segmentij.service.TechniqueResult;

import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;

import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * The bad-input corpus ({@link BadInputs}) through every technique of the registry and every
 * subcommand of the command line. Each case either succeeds with a correct result (where the
 * input is legitimately valid: a constant image thresholded is a valid uniform mask) or fails
 * with exit code 2 (usage) or 3 (input) and a one-line message that names the problem, without
 * a stack trace; none hangs, none modifies its input, none leaves a partial output behind.
 * A report of every outcome is written to target/bad-input-corpus.txt.
 */
class BadInputCorpusTest {

	/** A hang guard, not a speed test: every case here takes well under a second. */
	static final Duration HANG = Duration.ofSeconds(90);

	@TempDir
	static Path root;

	static SegmentationService service;
	static Path tinyModel;
	/** A tiny package of each architecture, so that every per-architecture command runs on the corpus. */
	static final Map<String, Path> TINY = new LinkedHashMap<>();
	static final Map<String, String> REPORT = new TreeMap<>();
	static final Map<String, Double> TIMES = new java.util.concurrent.ConcurrentHashMap<>();

	@BeforeAll
	static void start() throws IOException {
		service = SegmentIJ.segmentation();
		tinyModel = root.resolve("tiny model ü");
		try (ai.djl.Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(1)) {
			org.segmentij.deep.store.ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), tinyModel);
		}
		TINY.put("unet", tinyModel);
		TINY.put("segnet", tinyPackage("segnet", NetConfig.builder().inChannels(1).classes(2).depth(2).base(4).build()));
		TINY.put("deeplabv3plus", tinyPackage("deeplabv3plus", NetConfig.builder().inChannels(1).classes(2).base(4).build()));
		TINY.put("fcn", tinyPackage("fcn", NetConfig.builder().inChannels(1).classes(2).base(4).build()));
		TINY.put("vit", tinyPackage("vit",
				NetConfig.builder().inChannels(1).classes(2).base(4).patchSize(4).embedDim(8).heads(2).layers(1).imageSize(32).build()));
	}

	/** Saves an untrained network of that architecture as a package (1 channel, 2 classes). */
	static Path tinyPackage(String arch, NetConfig cfg) {
		SegmentationNetwork net = Networks.create(arch, cfg);
		Path dir = root.resolve("tiny-" + arch);
		try (Model m = Model.newInstance("tiny-" + arch, Device.cpu(), "PyTorch")) {
			m.setBlock(net);
			int size = Math.max(32, net.inputMultiple());
			net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
			ModelPackage meta = ModelPackage.builder().name("tiny-" + arch).description("corpus").architecture(arch)
					.config(net.config().toOptions()).classes(List.of("background", "object")).inputChannels(1)
					.sizeMultiple(net.inputMultiple()).tile(Math.max(32, net.inputMultiple())).halo(0)
					.normalization(Normalization.percentile(2, 99.5)).activation(Activation.SOFTMAX).training(new JsonObject())
					.validation(new JsonObject()).build();
			ModelStore.save(m, meta, dir);
		}
		return dir;
	}

	@AfterAll
	static void writeReport() throws IOException {
		Path target = Path.of("target");
		if (Files.isDirectory(target))
			try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(target.resolve("bad-input-corpus.txt"), StandardCharsets.UTF_8))) {
				w.println("# " + REPORT.size() + " cases of the bad-input corpus and what came of each (BadInputCorpusTest)");
				REPORT.forEach((k, v) -> w.println(k + "\t" + v + (TIMES.containsKey(k) ? String.format(java.util.Locale.ROOT, "\t(%.0f ms)", TIMES.get(k)) : "")));
				new TreeMap<>(TIMES).forEach((k, v) -> {
					if (!REPORT.containsKey(k))
						w.println(k + String.format(java.util.Locale.ROOT, "\t(%.0f ms)", v));
				});
			}
	}

	// ---------------------------------------------------------------------------------------------
	// every technique on every image-shaped bad input

	/** Parameters a technique needs to run at all; the rest keep their defaults. */
	static Map<String, String> needed(Technique t) {
		Map<String, String> p = new LinkedHashMap<>();
		switch (t.id()) {
			case "manual-threshold" -> p.put("lower", "100");
			case "deep-instances" -> p.put("tile", "64"); // the shipped model, in small tiles
			case "star-convex-instances" -> p.put("tile", "64"); // the shipped model, in small tiles
			case "panoptic-instances" -> p.put("tile", "64"); // the shipped model, in small tiles
			case "apply-model", "unet", "segnet", "deeplabv3plus", "fcn", "vit" -> {
				p.put("model", TINY.getOrDefault(t.id(), tinyModel).toString());
				p.put("result", "labels");
			}
			default -> {
			}
		}
		return p;
	}

	@TestFactory
	Stream<DynamicTest> everyTechniqueOnEveryBadImage() {
		List<DynamicTest> tests = new ArrayList<>();
		for (BadInputs.ImageCase c : BadInputs.images())
			for (Technique t : service.techniques())
				if (c.appliesTo().test(t))
					tests.add(DynamicTest.dynamicTest(t.id() + " on " + c.name(), () -> techniqueOn(t, c)));
		return tests.stream();
	}

	record Outcome(TechniqueResult result, Throwable error) {
	}

	/**
	 * The hang guard: runs the call on one long-lived worker thread (a model's predictor is made
	 * once per thread, so a fresh thread per case would pay for that every time) and fails when
	 * it does not return within {@link #HANG}; a worker that hung is abandoned and replaced.
	 */
	static <V> V guarded(String what, java.util.concurrent.Callable<V> call) {
		java.util.concurrent.Future<V> f = worker.submit(call);
		try {
			return f.get(HANG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.TimeoutException e) {
			f.cancel(true);
			worker.shutdownNow();
			worker = newWorker();
			throw new AssertionError(what + " hangs: no answer after " + HANG.toSeconds() + " s");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(what + ": interrupted", e);
		}
		catch (java.util.concurrent.ExecutionException e) {
			throw new AssertionError(what + ": " + e.getCause(), e.getCause());
		}
	}

	private static java.util.concurrent.ExecutorService worker = newWorker();

	private static java.util.concurrent.ExecutorService newWorker() {
		return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "bad-input-corpus");
			t.setDaemon(true);
			return t;
		});
	}

	private static void techniqueOn(Technique t, BadInputs.ImageCase c) {
		ImagePlus in = c.image().get();
		if ((t.id().equals("seeded-region-growing") || t.id().equals("prompt")) && in.getWidth() > 0) // seeds / prompts from the selection: two corners
			in.setRoi(new ij.gui.PointRoi(new int[] { 0, in.getWidth() - 1 }, new int[] { 0, in.getHeight() - 1 }, 2));
		Snapshot before = Snapshot.of(in);
		Map<String, String> params = needed(t);
		long t0 = System.nanoTime();
		Outcome o = guarded(t.id() + " on " + c.name(), () -> {
			try {
				return new Outcome(service.run(t.id(), in, params), null);
			}
			catch (Throwable e) {
				return new Outcome(null, e);
			}
		});
		String what = t.id() + " on " + c.name();
		TIMES.put("technique\t" + what, (System.nanoTime() - t0) / 1e6);
		assertEquals(before, Snapshot.of(in), what + ": the input was modified");
		if (o.error() != null) {
			if (!(o.error() instanceof SegmentIJException se)) {
				REPORT.put("technique\t" + what, "INTERNAL " + o.error());
				throw new AssertionError(what + ": internal error instead of a clear message: " + o.error(), o.error());
			}
			REPORT.put("technique\t" + what, "exit " + se.exitCode() + ": " + se.getMessage());
			assertTrue(se.exitCode() == 2 || se.exitCode() == 3, what + ": exit code " + se.exitCode());
			assertClearMessage(what, se.getMessage(), c.keywords());
			return;
		}
		REPORT.put("technique\t" + what, "ok " + describe(o.result()));
		assertFalse(c.name().startsWith("empty"), what + ": an image without pixels must be refused");
		checkResult(t, c, in, o.result());
	}

	static String describe(TechniqueResult r) {
		ImagePlus out = r.image();
		if (out != null)
			return out.getWidth() + "x" + out.getHeight() + "x" + out.getStackSize() + " " + out.getBitDepth() + "-bit";
		return r.values().keySet().toString();
	}

	/** What a successful run must give: an image of the input's plane size, or a table or ROIs; analytic cases checked exactly. */
	private static void checkResult(Technique t, BadInputs.ImageCase c, ImagePlus in, TechniqueResult r) {
		String what = t.id() + " on " + c.name();
		ImagePlus out = r.image();
		if (out == null) {
			assertTrue(r.values().values().stream().anyMatch(v -> v instanceof NamedTable || v instanceof RoiSet), what + ": no result");
			return;
		}
		if (!t.id().startsWith("try-all-")) { // the try-all techniques give a montage
			assertEquals(in.getWidth(), out.getWidth(), what + ": width");
			assertEquals(in.getHeight(), out.getHeight(), what + ": height");
		}
		boolean constant = c.name().startsWith("constant") || c.name().startsWith("all-zero");
		if (constant && isMaskOrFilter(t))
			assertUniform(what, out);
		if (isGlobalThreshold(t) && in.getType() != ImagePlus.COLOR_RGB && in.getNChannels() == 1)
			assertMonotone(what, in, out);
	}

	/** The global thresholds: one value range for the whole image (per_slice is off by default). */
	private static boolean isGlobalThreshold(Technique t) {
		return t.group().equals("Threshold") && t.menuPath().contains(">Global>") && !t.id().equals("multi-otsu")
				&& !t.id().startsWith("try-all-");
	}

	/**
	 * A global threshold's mask is one value interval: along the sorted pixel values (NaN left
	 * out, NaN pixels are background) it switches at most twice, and equal values get the same.
	 */
	private static void assertMonotone(String what, ImagePlus in, ImagePlus out) {
		List<float[]> pairs = new ArrayList<>();
		for (int s = 1; s <= in.getStackSize(); s++) {
			ImageProcessor a = in.getStack().getProcessor(s), m = out.getStack().getProcessor(s);
			for (int i = 0; i < a.getPixelCount(); i++) {
				float v = a.getf(i);
				if (Float.isNaN(v))
					assertEquals(0, m.get(i), what + ": a NaN pixel is foreground");
				else
					pairs.add(new float[] { v, m.get(i) });
			}
		}
		pairs.sort((x, y) -> Float.compare(x[0], y[0]));
		int switches = 0;
		for (int i = 1; i < pairs.size(); i++) {
			float[] p = pairs.get(i - 1), q = pairs.get(i);
			if (p[0] == q[0])
				assertEquals(p[1], q[1], what + ": equal values " + p[0] + " in and out of the mask");
			else if (p[1] != q[1])
				switches++;
		}
		assertTrue(switches <= 2, what + ": the mask is not one value range (" + switches + " switches along the sorted values)");
	}

	/** Techniques whose result on a constant image is itself constant (per-pixel rules and shift-invariant filters). */
	private static boolean isMaskOrFilter(Technique t) {
		return t.group().equals("Threshold") && !t.id().startsWith("try-all-") || Stream.of("sobel", "canny", "log", "gaussian-blur",
				"kmeans", "fuzzy-cmeans", "mean-shift", "connected-components", "distance-watershed", "felzenszwalb", "split-merge").anyMatch(t.id()::equals);
	}

	private static void assertUniform(String what, ImagePlus out) {
		float first = out.getStack().getProcessor(1).getf(0);
		for (int s = 1; s <= out.getStackSize(); s++) {
			ImageProcessor ip = out.getStack().getProcessor(s);
			for (int i = 0; i < ip.getPixelCount(); i++)
				if (Float.compare(ip.getf(i), first) != 0)
					fail(what + ": a constant image gives a non-uniform result (" + first + " and " + ip.getf(i) + " at " + i + ")");
		}
	}

	// ---------------------------------------------------------------------------------------------
	// every bad file through run (every technique), batch, bench and eval

	@TestFactory
	Stream<DynamicTest> everyBadFileThroughEverySubcommand() throws IOException {
		List<DynamicTest> tests = new ArrayList<>();
		List<Technique> reps = onePerGroup();
		int i = 0;
		for (BadInputs.FileCase c : BadInputs.files()) {
			Technique t = reps.get(i++ % reps.size()); // every group's representative meets several bad files
			tests.add(DynamicTest.dynamicTest(c.name() + " (run " + t.id() + ", batch, bench, eval)", () -> badFile(c, t)));
		}
		return tests.stream();
	}

	private static void badFile(BadInputs.FileCase c, Technique t) throws IOException {
		long t0 = System.nanoTime();
		try {
			badFileTimed(c, t);
		}
		finally {
			TIMES.put("file-case\t" + c.name(), (System.nanoTime() - t0) / 1e6);
		}
	}

	private static void badFileTimed(BadInputs.FileCase c, Technique t) throws IOException {
		Path dir = fresh(c.fileName());
		Path in = Files.createDirectories(dir.resolve("in"));
		Path file = c.create(in);
		Path good = writeGood(dir.resolve("good.tif"));
		Path out = dir.resolve("out");
		// run (a file is refused by the command line's one reader, before any technique runs)
		List<String> args = new ArrayList<>(List.of("run", t.id(), "-i", file.toString(), "-o", out.resolve("r.tif").toString()));
		needed(t).forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
		expectError("run " + t.id() + " on " + c.name(), dir, args, 3, c.keywords());
		expectError("bench on " + c.name(), dir, List.of("bench", "otsu", "-i", file.toString(), "--repeat", "1", "--warmup", "0", "--json",
				out.resolve("b.json").toString()), 3, c.keywords());
		if (!Files.isDirectory(file)) // a folder as --pred is a batch of predictions
			expectError("eval --pred " + c.name(), dir, List.of("eval", "--pred", file.toString(), "--truth", good.toString(), "--json",
					out.resolve("e.json").toString()), 3, c.keywords());
		expectError("eval --truth " + c.name(), dir, List.of("eval", "--pred", good.toString(), "--truth", file.toString(), "--json",
				out.resolve("e.json").toString()), 3, c.keywords());
		// batch over a folder with the bad file and a good one: the good one is done, the bad one reported
		boolean batchInput = Files.isRegularFile(file) || org.segmentij.io.DicomSeries.isDicomFolder(file);
		if (batchInput) {
			Files.copy(good, in.resolve("zz-good.tif"));
			Map<String, String> before = hashes(in);
			Cli r = cli("batch", "otsu", "-i", in.toString(), "-o", out.toString(), "-q");
			String what = "batch with " + c.name();
			REPORT.put("cli\t" + what, "exit " + r.code() + ": " + r.err().strip().replace('\n', ' '));
			assertEquals(before, hashes(in), what + ": an input was modified");
			assertEquals(List.of(), partFiles(dir), what + ": partial outputs left");
			assertEquals(4, r.code(), what + ": " + r.err());
			String summary = Files.readString(out.resolve("summary.csv"));
			String row = summary.lines().filter(l -> l.startsWith(file.getFileName() + ",")).findFirst().orElse("");
			assertTrue(row.contains(",failed,"), what + ": " + summary);
			assertClearMessage(what, row, c.keywords());
			assertTrue(summary.contains("zz-good.tif,ok,"), what + ": the good file was not done: " + summary);
			assertFalse(Files.exists(out.resolve(BaseNames.tif(file))), what + ": an output for the bad file");
			assertTrue(Files.exists(out.resolve("zz-good.tif")));
		}
	}

	/** The first technique of every group of the registry: the command line's image reader is the same for all. */
	static List<Technique> onePerGroup() {
		Map<String, Technique> first = new LinkedHashMap<>();
		for (Technique t : service.techniques())
			first.putIfAbsent(t.group(), t);
		return List.copyOf(first.values());
	}

	/** Output names batch gives. */
	static final class BaseNames {
		static String tif(Path p) {
			return ImageFiles.baseName(p) + ".tif";
		}
	}

	// ---------------------------------------------------------------------------------------------
	// command-line options and arguments: every subcommand

	/** A bad command line: its arguments (with {@code IN/} for the case folder), the exit code and the words of its message. */
	record CliCase(String name, List<String> args, int code, String keywords) {
	}

	static List<CliCase> cliCases() {
		List<CliCase> l = new ArrayList<>();
		// run
		l.add(new CliCase("run without arguments", List.of("run"), 2, "Missing required"));
		l.add(new CliCase("run without -o", List.of("run", "otsu", "-i", "IN/good.tif"), 2, "--output"));
		l.add(new CliCase("run unknown technique", List.of("run", "otsuu", "-i", "IN/good.tif", "-o", "OUT/o.tif"), 2, "Unknown technique.*otsu"));
		l.add(new CliCase("run --param without =", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "dark_objects"), 2, "key=value"));
		l.add(new CliCase("run unknown parameter", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "sigma=2"), 2, "Unknown parameter 'sigma'"));
		l.add(new CliCase("run parameter given twice", List.of("run", "canny", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "sigma=2", "-p", "sigma=3"), 2, "twice"));
		l.add(new CliCase("run boolean not true/false", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "dark_objects=maybe"), 2, "true or false"));
		l.add(new CliCase("run negative sigma", List.of("run", "canny", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "sigma=-1"), 2, "'sigma'.*at least 0"));
		l.add(new CliCase("run negative Gaussian sigma", List.of("run", "gaussian-blur", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "sigma_x=-2"), 2, "sigma_x"));
		l.add(new CliCase("run LoG sigma 0", List.of("run", "log", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "sigma=0"), 2, "'sigma'"));
		l.add(new CliCase("run k-means k = 0", List.of("run", "kmeans", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "clusters=0"), 2, "'clusters'"));
		l.add(new CliCase("run fuzzy c-means k = 0", List.of("run", "fuzzy-cmeans", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "clusters=0"), 2, "'clusters'"));
		l.add(new CliCase("run k-means more clusters than pixels", List.of("run", "kmeans", "-i", "IN/tiny.tif", "-o", "OUT/o.tif", "-p", "clusters=200"), 3, "clusters"));
		l.add(new CliCase("run multi-otsu 1 class", List.of("run", "multi-otsu", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "classes=1"), 2, "'classes'"));
		l.add(new CliCase("run NaN threshold", List.of("run", "manual-threshold", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "lower=NaN"), 2, "NaN"));
		l.add(new CliCase("run integer parameter Infinity", List.of("run", "slic", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "n_segments=Infinity"), 2, "whole number"));
		l.add(new CliCase("run integer parameter 1e12", List.of("run", "slic", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "n_segments=1e12"), 2, "too large"));
		l.add(new CliCase("run choice not among choices", List.of("run", "sobel", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "kernel=prewitt"), 2, "one of"));
		l.add(new CliCase("run lower above upper", List.of("run", "manual-threshold", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "lower=200", "-p", "upper=100"), 2, "lower|upper"));
		l.add(new CliCase("run Phansalkar r = 0", List.of("run", "local-phansalkar", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "r=0"), 2, "'r'"));
		l.add(new CliCase("run model tile not a multiple", List.of("run", "apply-model", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "model=MODEL", "-p", "tile=7"), 2, "tile"));
		l.add(new CliCase("run output .jpg", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "OUT/o.jpg"), 2, "\\.jpg"));
		l.add(new CliCase("run output is the input", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "IN/good.tif"), 2, "input"));
		l.add(new CliCase("run output is the input, other spelling", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "IN/./../in/good.tif"), 2, "input"));
		l.add(new CliCase("run output under a file", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "IN/good.tif/o.tif"), 3, "Cannot write|folder|not a directory"));
		l.add(new CliCase("run output is a folder", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "IN"), 2, "folder"));
		l.add(new CliCase("run mask as .csv", List.of("run", "otsu", "-i", "IN/good.tif", "-o", "OUT/o.csv"), 2, "table"));
		l.add(new CliCase("run table as .tif", List.of("run", "measure-labels", "-i", "IN/labels.tif", "-o", "OUT/o.tif"), 2, "table|csv"));
		l.add(new CliCase("run float result as .png", List.of("run", "gaussian-blur", "-i", "IN/good.tif", "-o", "OUT/o.png"), 2, "PNG"));
		l.add(new CliCase("run stack result as .png", List.of("run", "otsu", "-i", "IN/stack.tif", "-o", "OUT/o.png"), 2, "PNG"));
		l.add(new CliCase("run RGB where a label image is expected", List.of("run", "label-cleanup", "-i", "IN/rgb.tif", "-o", "OUT/o.tif"), 3, "RGB"));
		l.add(new CliCase("run missing pipeline file", List.of("run", "IN/missing.pipeline", "-i", "IN/good.tif", "-o", "OUT/o.tif"), 3, "not found"));
		l.add(new CliCase("run empty pipeline file", List.of("run", "IN/empty.pipeline", "-i", "IN/good.tif", "-o", "OUT/o.tif"), 2, "no steps"));
		l.add(new CliCase("run pipeline with a bad step", List.of("run", "IN/bad.pipeline", "-i", "IN/good.tif", "-o", "OUT/o.tif"), 2, "step 2"));
		l.add(new CliCase("run seeds file missing", List.of("run", "seeded-region-growing", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "seeds=IN/nope.tif"), 2, "nope.tif"));
		l.add(new CliCase("run seeds of another size", List.of("run", "seeded-region-growing", "-i", "IN/good.tif", "-o", "OUT/o.tif", "-p", "seeds=IN/tiny.tif"), 3, "size|match|x"));
		l.add(new CliCase("run intensity image of another size", List.of("run", "measure-labels", "-i", "IN/labels.tif", "-o", "OUT/o.csv", "-p", "intensity=IN/tiny.tif"), 3, "size|match"));
		l.add(new CliCase("run intensity image missing", List.of("run", "measure-labels", "-i", "IN/labels.tif", "-o", "OUT/o.csv", "-p", "intensity=IN/nope.tif"), 3, "nope.tif"));
		// batch
		l.add(new CliCase("batch input folder missing", List.of("batch", "otsu", "-i", "IN/nope", "-o", "OUT/b"), 3, "not found"));
		l.add(new CliCase("batch input folder without images", List.of("batch", "otsu", "-i", "IN/empty-dir", "-o", "OUT/b"), 3, "No images"));
		l.add(new CliCase("batch input is a file", List.of("batch", "otsu", "-i", "IN/good.tif", "-o", "OUT/b"), 2, "folder"));
		l.add(new CliCase("batch output is the input folder", List.of("batch", "otsu", "-i", "IN", "-o", "IN"), 2, "input folder"));
		l.add(new CliCase("batch output is the input folder, other spelling", List.of("batch", "otsu", "-i", "IN", "-o", "IN/../in/"), 2, "input folder"));
		l.add(new CliCase("batch output is a file", List.of("batch", "otsu", "-i", "IN", "-o", "IN/good.tif"), 3, "output folder|not a folder|Cannot"));
		l.add(new CliCase("batch --jobs 0", List.of("batch", "otsu", "-i", "IN", "-o", "OUT/b", "--jobs", "0"), 2, "jobs"));
		l.add(new CliCase("batch --jobs -3", List.of("batch", "otsu", "-i", "IN", "-o", "OUT/b", "--jobs", "-3"), 2, "jobs"));
		l.add(new CliCase("batch --jobs abc", List.of("batch", "otsu", "-i", "IN", "-o", "OUT/b", "--jobs", "abc"), 2, "jobs|abc"));
		l.add(new CliCase("batch --format jpg", List.of("batch", "otsu", "-i", "IN", "-o", "OUT/b", "--format", "jpg"), 2, "format"));
		l.add(new CliCase("batch unknown technique", List.of("batch", "otsuu", "-i", "IN", "-o", "OUT/b"), 2, "Unknown technique"));
		l.add(new CliCase("batch bad parameter", List.of("batch", "canny", "-i", "IN", "-o", "OUT/b", "-p", "sigma=-1"), 2, "sigma"));
		// eval
		l.add(new CliCase("eval without truth", List.of("eval", "--pred", "IN/mask.tif"), 2, "ground truth"));
		l.add(new CliCase("eval truth and rois", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--rois", "IN/x.zip"), 2, "not both"));
		l.add(new CliCase("eval truth of another size", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/tiny.tif"), 3, "size|x"));
		l.add(new CliCase("eval truth a stack, prediction 2D", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/stack.tif"), 3, "size|slice|plane|x"));
		l.add(new CliCase("eval RGB prediction", List.of("eval", "--pred", "IN/rgb.tif", "--truth", "IN/mask.tif"), 3, "RGB"));
		l.add(new CliCase("eval --classes -1", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--classes", "-1"), 2, "classes"));
		l.add(new CliCase("eval --thresholds 1.5", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--instances", "--thresholds", "1.5"), 2, "threshold"));
		l.add(new CliCase("eval --thresholds abc", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--thresholds", "abc"), 2, "abc"));
		l.add(new CliCase("eval --tolerance -1", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--tolerance", "-1"), 2, "tolerance"));
		l.add(new CliCase("eval --roi-overlap bogus", List.of("eval", "--pred", "IN/mask.tif", "--rois", "IN/x.zip", "--roi-overlap", "bogus"), 2, "roi-overlap|bogus"));
		l.add(new CliCase("eval prediction folder, truth file", List.of("eval", "--pred", "IN", "--truth", "IN/mask.tif"), 2, "folder"));
		l.add(new CliCase("eval json under a file", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--json", "IN/good.tif/m.json"), 3, "Cannot write|folder|not a directory"));
		l.add(new CliCase("eval more truths missing", List.of("eval", "--pred", "IN/mask.tif", "--truth", "IN/mask.tif", "--more-truths", "IN/nope.tif"), 3, "nope.tif"));
		// train
		l.add(new CliCase("train without --out", List.of("train", "--synthetic", "2"), 2, "--out"));
		l.add(new CliCase("train without data", List.of("train", "--out", "OUT/m"), 2, "--images"));
		l.add(new CliCase("train image folder missing", List.of("train", "--images", "IN/nope", "--masks", "IN/nope", "--out", "OUT/m"), 3, "nope"));
		l.add(new CliCase("train folders without images", List.of("train", "--images", "IN/empty-dir", "--masks", "IN/empty-dir", "--out", "OUT/m"), 3, "No|image"));
		l.add(new CliCase("train mask of another size", List.of("train", "--images", "IN/train-img", "--masks", "IN/train-badmask", "--epochs", "1", "--out", "OUT/m", "-q"), 3, "size|x"));
		l.add(new CliCase("train image without mask", List.of("train", "--images", "IN/train-img", "--masks", "IN/empty-dir", "--epochs", "1", "--out", "OUT/m", "-q"), 3, "mask"));
		l.addAll(trainOption("--epochs", "0", "epochs"));
		l.addAll(trainOption("--batch", "0", "batch"));
		l.addAll(trainOption("--crop", "0", "crop"));
		l.addAll(trainOption("--crop", "-16", "crop"));
		l.addAll(trainOption("--val-fraction", "1.5", "val-fraction"));
		l.addAll(trainOption("--val-fraction", "-0.1", "val-fraction"));
		l.addAll(trainOption("--lr", "0", "lr|learning rate"));
		l.addAll(trainOption("--lr", "-1", "lr|learning rate"));
		l.addAll(trainOption("--lr", "NaN", "lr|learning rate"));
		l.addAll(trainOption("--patience", "-1", "patience"));
		l.addAll(trainOption("--steps-per-epoch", "-1", "steps-per-epoch"));
		l.addAll(trainOption("--arch", "resnet", "resnet"));
		l.addAll(trainOption("--target", "everything", "everything|target"));
		l.addAll(trainOption("--loss", "hinge", "hinge|loss"));
		l.addAll(trainOption("--net", "depth=abc", "--net.*depth"));
		l.addAll(trainOption("--net", "wings=3", "wings"));
		l.addAll(trainOption("--augment", "lots", "lots|augment"));
		l.addAll(trainOption("--normalization", "magic", "magic|normali"));
		l.addAll(trainOption("--device", "tpu", "tpu|device"));
		l.addAll(trainOption("--classes", "-2", "classes"));
		l.addAll(trainOption("--synthetic-size", "4", "synthetic-size"));
		l.add(new CliCase("train --synthetic -1", List.of("train", "--synthetic", "-1", "--out", "OUT/m"), 2, "synthetic"));
		l.add(new CliCase("train --out is a file", List.of("train", "--synthetic", "2", "--synthetic-size", "64", "--epochs", "1", "--out", "IN/good.tif", "-q"), 2, "folder"));
		// bench
		l.add(new CliCase("bench missing input", List.of("bench", "otsu", "-i", "IN/nope.tif"), 3, "not found"));
		l.add(new CliCase("bench --repeat 0", List.of("bench", "otsu", "-i", "IN/good.tif", "--repeat", "0"), 2, "repeat"));
		l.add(new CliCase("bench --warmup -1", List.of("bench", "otsu", "-i", "IN/good.tif", "--warmup", "-1"), 2, "warmup"));
		l.add(new CliCase("bench --warmup-s -2", List.of("bench", "otsu", "-i", "IN/good.tif", "--warmup-s", "-2"), 2, "warmup-s"));
		l.add(new CliCase("bench --warmup-s NaN", List.of("bench", "otsu", "-i", "IN/good.tif", "--warmup-s", "NaN"), 2, "warmup-s"));
		l.add(new CliCase("bench eval without truth", List.of("bench", "eval", "-i", "IN/mask.tif"), 2, "truth"));
		l.add(new CliCase("bench unknown technique", List.of("bench", "otsuu", "-i", "IN/good.tif"), 2, "Unknown technique"));
		l.add(new CliCase("bench without technique", List.of("bench", "-i", "IN/good.tif"), 2, "ID|Missing"));
		l.add(new CliCase("bench json under a file", List.of("bench", "otsu", "-i", "IN/good.tif", "--repeat", "1", "--warmup", "0", "--json", "IN/good.tif/b.json"), 3, "Cannot write|folder|not a directory"));
		// list, demo, plugins-config, imagej, top level
		l.add(new CliCase("list unknown option", List.of("list", "--bogus"), 2, "bogus"));
		l.add(new CliCase("list extra argument", List.of("list", "extra"), 2, "extra"));
		l.add(new CliCase("demo --size 10", List.of("demo", "-o", "OUT/d", "--size", "10"), 2, "--size"));
		l.add(new CliCase("demo --depth 0", List.of("demo", "-o", "OUT/d", "--depth", "0"), 2, "--depth"));
		l.add(new CliCase("demo --nuclei 0", List.of("demo", "-o", "OUT/d", "--nuclei", "0"), 2, "--nuclei"));
		l.add(new CliCase("demo --size abc", List.of("demo", "-o", "OUT/d", "--size", "abc"), 2, "abc"));
		l.add(new CliCase("demo output is a file", List.of("demo", "-o", "IN/good.tif", "--size", "64", "--depth", "8", "--nuclei", "2"), 3, "folder|Cannot"));
		l.add(new CliCase("plugins-config extra argument", List.of("plugins-config", "extra"), 2, "extra"));
		l.add(new CliCase("imagej unknown option", List.of("imagej", "--bogus"), 2, "bogus"));
		l.add(new CliCase("unknown subcommand", List.of("segment", "otsu"), 2, "segment"));
		return l;
	}

	/** A training option with a bad value, on the smallest generated data set. */
	static List<CliCase> trainOption(String option, String value, String keywords) {
		Map<String, String> base = new LinkedHashMap<>();
		base.put("--synthetic", "2");
		base.put("--synthetic-size", "64");
		base.put("--epochs", "1");
		base.put("--steps-per-epoch", "1");
		base.put("--batch", "1");
		base.put("--crop", "32");
		List<String> args = new ArrayList<>(List.of("train"));
		base.forEach((k, v) -> {
			if (!k.equals(option))
				args.addAll(List.of(k, v));
		});
		if (!option.equals("--net"))
			args.addAll(List.of("--net", "depth=1", "--net", "base=4"));
		args.addAll(List.of(option, value, "--out", "OUT/m", "-q"));
		return List.of(new CliCase("train " + option + " " + value, args, 2, keywords));
	}

	@TestFactory
	Stream<DynamicTest> everySubcommandOnBadArguments() {
		return cliCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			Path dir = fresh(c.name());
			Path in = Files.createDirectories(dir.resolve("in"));
			writeFixtures(in);
			List<String> args = c.args().stream().map(a -> a.replace("IN", in.toString()).replace("OUT", dir.resolve("out").toString())
					.replace("MODEL", tinyModel.toString())).toList();
			expectError(c.name(), dir, args, c.code(), c.keywords());
		}));
	}

	/** Small valid files the bad command lines refer to. */
	static void writeFixtures(Path in) throws IOException {
		writeGood(in.resolve("good.tif"));
		ij.process.ByteProcessor mask = BadInputs.blobs(32, 24);
		mask.threshold(100);
		save(new ImagePlus("mask", mask), in.resolve("mask.tif"));
		ij.process.ShortProcessor labels = new ij.process.ShortProcessor(32, 24);
		labels.setValue(1);
		labels.fill(new ij.gui.Roi(2, 2, 5, 5));
		labels.setValue(2);
		labels.fill(new ij.gui.Roi(20, 10, 6, 6));
		save(new ImagePlus("labels", labels), in.resolve("labels.tif"));
		save(new ImagePlus("tiny", BadInputs.blobs(5, 4)), in.resolve("tiny.tif"));
		ImageStack st = new ImageStack(32, 24);
		st.addSlice(BadInputs.blobs(32, 24));
		st.addSlice(BadInputs.blobs(32, 24));
		ImagePlus stack = new ImagePlus("stack", st);
		ij.IJ.saveAsTiff(stack, in.resolve("stack.tif").toString());
		save(new ImagePlus("rgb", BadInputs.blobs(32, 24).convertToRGB()), in.resolve("rgb.tif"));
		Files.writeString(in.resolve("empty.pipeline"), "# nothing\n\n");
		Files.writeString(in.resolve("bad.pipeline"), "otsu\nconnected-components connectivity=diagonal\n");
		Files.createDirectories(in.resolve("empty-dir"));
		Path ti = Files.createDirectories(in.resolve("train-img")), tm = Files.createDirectories(in.resolve("train-badmask"));
		for (int k = 0; k < 2; k++) {
			save(new ImagePlus("t", BadInputs.blobs(64, 64)), ti.resolve("t" + k + ".tif"));
			ij.process.ByteProcessor m = BadInputs.blobs(48, 64);
			m.threshold(100);
			save(new ImagePlus("m", m), tm.resolve("t" + k + ".tif"));
		}
	}

	static Path writeGood(Path p) throws IOException {
		Files.createDirectories(p.getParent());
		save(new ImagePlus("good", BadInputs.blobs(32, 24)), p);
		return p;
	}

	static void save(ImagePlus imp, Path p) {
		assertTrue(new ij.io.FileSaver(imp).saveAsTiff(p.toString()), "cannot write fixture " + p);
	}

	// ---------------------------------------------------------------------------------------------
	// absurd but well-formed parameters: a result (checked) or a clear error, never a hang or a crash

	/** A technique with parameters at the edge of sense, on the 32x24 blob image. */
	record ParamCase(String technique, Map<String, String> params) {
		@Override
		public String toString() {
			return technique + " " + params;
		}
	}

	static List<ParamCase> paramCases() {
		List<ParamCase> l = new ArrayList<>();
		for (String id : List.of("local-mean", "local-niblack", "local-sauvola", "local-median", "local-bernsen", "local-otsu", "local-contrast",
				"local-phansalkar", "local-midgrey"))
			l.add(new ParamCase(id, Map.of("radius", "1000000"))); // a window far larger than the image
		l.add(new ParamCase("local-mean", Map.of("radius", "2e9"))); // (2r+1) overflows an int
		l.add(new ParamCase("try-all-local-thresholds", Map.of("radius", "1000000")));
		l.add(new ParamCase("local-median", Map.of("radius", "114"))); // the largest window taken for a 32x24 image
		l.add(new ParamCase("local-mean", Map.of("radius", "40", "window", "circle")));
		l.add(new ParamCase("local-gaussian", Map.of("radius", "1000000")));
		l.add(new ParamCase("local-gaussian", Map.of("sigma", "1000000")));
		l.add(new ParamCase("gaussian-blur", Map.of("sigma_x", "1000000", "sigma_y", "1000000")));
		l.add(new ParamCase("canny", Map.of("sigma", "1000000")));
		l.add(new ParamCase("log", Map.of("sigma", "1000000")));
		l.add(new ParamCase("edges-to-regions", Map.of("sigma", "1000000", "gap", "1000000", "thicken", "1000000")));
		l.add(new ParamCase("felzenszwalb", Map.of("sigma", "1000000", "min_size", "1000000000")));
		l.add(new ParamCase("slic", Map.of("n_segments", "1000000", "sigma", "1000000")));
		l.add(new ParamCase("slic", Map.of("n_segments", "1", "compactness", "0")));
		l.add(new ParamCase("split-merge", Map.of("min_size", "100000")));
		l.add(new ParamCase("agglomerative", Map.of("clusters", "100000", "n_segments", "100000")));
		l.add(new ParamCase("normalized-cut", Map.of("n_segments", "100000", "max_regions", "100000")));
		l.add(new ParamCase("mean-shift", Map.of("sp", "100000", "sr", "1000000")));
		l.add(new ParamCase("mean-shift", Map.of("max_level", "8")));
		l.add(new ParamCase("kmeans", Map.of("clusters", "255")));
		l.add(new ParamCase("fuzzy-cmeans", Map.of("clusters", "255")));
		l.add(new ParamCase("multi-otsu", Map.of("classes", "16")));
		l.add(new ParamCase("distance-watershed", Map.of("h", "1e300")));
		l.add(new ParamCase("label-cleanup", Map.of("min_size", "1e300")));
		l.add(new ParamCase("manual-threshold", Map.of("lower", "-Infinity", "upper", "Infinity")));
		l.add(new ParamCase("apply-model", Map.of("tile", "100000", "halo", "100000")));
		l.add(new ParamCase("apply-model", Map.of("batch", "100000")));
		return l;
	}

	@TestFactory
	Stream<DynamicTest> absurdParametersGiveAResultOrAClearError() {
		return paramCases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
			ImagePlus in = new ImagePlus("blobs", BadInputs.blobs(32, 24));
			Snapshot before = Snapshot.of(in);
			Technique t = service.technique(c.technique());
			Map<String, String> params = new LinkedHashMap<>(needed(t));
			params.putAll(c.params());
			String what = c.toString();
			long t0 = System.nanoTime();
			Outcome o = guarded(what, () -> {
				try {
					return new Outcome(service.run(t.id(), in, params), null);
				}
				catch (Throwable e) {
					return new Outcome(null, e);
				}
			});
			TIMES.put("parameter\t" + what, (System.nanoTime() - t0) / 1e6);
			assertEquals(before, Snapshot.of(in), what + ": the input was modified");
			if (o.error() != null) {
				REPORT.put("parameter\t" + what, (o.error() instanceof SegmentIJException se ? "exit " + se.exitCode() : "INTERNAL") + ": " + o.error().getMessage());
				if (!(o.error() instanceof SegmentIJException se))
					throw new AssertionError(what + ": internal error instead of a clear message: " + o.error(), o.error());
				assertClearMessage(what, se.getMessage(), String.join("|", c.params().keySet()));
				return;
			}
			REPORT.put("parameter\t" + what, "ok " + describe(o.result()));
			ImagePlus out = o.result().image();
			assertNotNull(out, what);
			assertEquals(32, out.getWidth(), what);
			assertEquals(24, out.getHeight(), what);
			if (c.technique().equals("manual-threshold")) // every pixel lies in [-inf, inf]
				assertUniform(what, out);
		}));
	}

	/**
	 * Local mean threshold (v > window mean - c) with a square window of radius r and replicated
	 * borders, computed exactly in whole numbers for any r: along an axis, the window of x covers
	 * positions x - r .. x + r, clamped into the image, so an edge pixel counts once for every
	 * position past the edge.
	 */
	static byte[] localMeanOracle(ImageProcessor ip, long r, int c) {
		int w = ip.getWidth(), h = ip.getHeight();
		byte[] m = new byte[w * h];
		long n = (2 * r + 1) * (2 * r + 1);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				long sum = 0;
				for (int j = 0; j < h; j++) {
					long wy = weight(y, j, h, r);
					if (wy == 0)
						continue;
					for (int i = 0; i < w; i++)
						sum += wy * weight(x, i, w, r) * ip.get(i, j);
				}
				m[y * w + x] = (byte) (n * ip.get(x, y) > sum - (long) c * n ? 255 : 0);
			}
		return m;
	}

	/** How many of the positions p - r .. p + r clamp to index i of an axis of length len. */
	static long weight(int p, int i, int len, long r) {
		long a = p - r, b = p + r;
		if (i == 0 && len == 1)
			return b - a + 1;
		if (i == 0)
			return Math.max(0, Math.min(b, 0) - a + 1);
		if (i == len - 1)
			return Math.max(0, b - Math.max(a, len - 1) + 1);
		return a <= i && i <= b ? 1 : 0;
	}

	@TestFactory
	Stream<DynamicTest> windowLargerThanTheImageAgreesWithTheOracle() {
		return Stream.of(40L, 2 * 32 + 50L).map(r -> DynamicTest.dynamicTest("local-mean radius " + r + " on 32x24", () -> {
			ImagePlus in = new ImagePlus("blobs", BadInputs.blobs(32, 24));
			TechniqueResult res = guarded("local-mean", () -> service.run("local-mean", in, Map.of("radius", Long.toString(r), "c", "0")));
			assertArrayEquals(localMeanOracle(in.getProcessor(), r, 0), (byte[]) res.image().getProcessor().getPixels());
		}));
	}

	// ---------------------------------------------------------------------------------------------
	// model packages: missing, corrupt, or not fitting the image

	interface PackageMaker {
		/** Makes the case's model under dir; returns the model= value. */
		String make(Path dir) throws IOException;
	}

	record ModelCase(String name, String technique, String image, PackageMaker maker, int code, String keywords) {
	}

	static String copyTiny(Path dir, java.util.function.Consumer<JsonObject> edit) throws IOException {
		Path p = dir.resolve("pkg");
		copyTree(tinyModel, p);
		if (edit != null) {
			JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(p.resolve("model.json"))).getAsJsonObject();
			edit.accept(o);
			Files.writeString(p.resolve("model.json"), o.toString());
		}
		return p.toString();
	}

	static Path params(String pkg) throws IOException {
		try (Stream<Path> s = Files.list(Path.of(pkg))) {
			return s.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
		}
	}

	static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (Path f : s.toList()) {
				Path t = to.resolve(from.relativize(f).toString());
				if (Files.isDirectory(f))
					Files.createDirectories(t);
				else
					Files.copy(f, t);
			}
		}
	}

	static List<ModelCase> modelCases() {
		List<ModelCase> l = new ArrayList<>();
		String gray = "good.tif";
		l.add(new ModelCase("no model given", "apply-model", gray, d -> "", 3, "model="));
		l.add(new ModelCase("model folder missing", "apply-model", gray, d -> d.resolve("nope").toString(), 3, "No model package"));
		l.add(new ModelCase("model name unknown", "apply-model", gray, d -> "no-such-model-here", 3, "No model named"));
		l.add(new ModelCase("folder without model.json", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.delete(Path.of(p, "model.json"));
			return p;
		}, 3, "model\\.json"));
		l.add(new ModelCase("model.json empty", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.writeString(Path.of(p, "model.json"), "");
			return p;
		}, 3, "JSON|corrupt"));
		l.add(new ModelCase("model.json cut short", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			String j = Files.readString(Path.of(p, "model.json"));
			Files.writeString(Path.of(p, "model.json"), j.substring(0, j.length() / 2));
			return p;
		}, 3, "JSON|corrupt"));
		l.add(new ModelCase("model.json a list", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.writeString(Path.of(p, "model.json"), "[1, 2]");
			return p;
		}, 3, "JSON|corrupt"));
		l.add(new ModelCase("model.json an empty object", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.writeString(Path.of(p, "model.json"), "{}");
			return p;
		}, 3, "lacks|format"));
		l.add(new ModelCase("model format version from the future", "apply-model", gray, d -> copyTiny(d, o -> o.addProperty("format_version", 99)), 3,
				"version"));
		l.add(new ModelCase("model tile not a number", "apply-model", gray,
				d -> copyTiny(d, o -> o.getAsJsonObject("tiling").addProperty("tile", "big")), 3, "tile"));
		l.add(new ModelCase("model without classes", "apply-model", gray,
				d -> copyTiny(d, o -> o.getAsJsonObject("output").add("classes", new com.google.gson.JsonArray())), 3, "classes"));
		l.add(new ModelCase("model of an unknown architecture", "apply-model", gray, d -> copyTiny(d, o -> o.addProperty("architecture", "capsnet")),
				3, "capsnet|architecture"));
		l.add(new ModelCase("model config not a number", "apply-model", gray,
				d -> copyTiny(d, o -> o.getAsJsonObject("config").addProperty("depth", "deep")), 3, "config|depth"));
		l.add(new ModelCase("model.json lists 5 classes, the network gives 2", "apply-model", gray, d -> copyTiny(d, o -> {
			com.google.gson.JsonArray a = new com.google.gson.JsonArray();
			for (String c : List.of("a", "b", "c", "d", "e"))
				a.add(c);
			o.getAsJsonObject("output").add("classes", a);
		}), 3, "class"));
		l.add(new ModelCase("model.json says 3 channels, the network takes 1", "apply-model", gray,
				d -> copyTiny(d, o -> o.getAsJsonObject("input").addProperty("channels", 3)), 3, "channel"));
		l.add(new ModelCase("weights file missing", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.delete(params(p));
			return p;
		}, 3, "weights"));
		l.add(new ModelCase("weights file of random bytes", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Path w = params(p);
			Files.write(w, BadInputs.random((int) Files.size(w)));
			return p;
		}, 3, "weights|corrupt"));
		l.add(new ModelCase("weights file cut in half", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Path w = params(p);
			Files.write(w, BadInputs.truncate(Files.readAllBytes(w), (int) Files.size(w) / 2));
			return p;
		}, 3, "weights|corrupt"));
		l.add(new ModelCase("weights file empty", "apply-model", gray, d -> {
			String p = copyTiny(d, null);
			Files.write(params(p), new byte[0]);
			return p;
		}, 3, "weights|corrupt"));
		l.add(new ModelCase("3-channel model on a gray image", "apply-model", gray, d -> rgbModel(d).toString(), 3, "channel"));
		l.add(new ModelCase("2-class model for deep-instances (needs 3)", "deep-instances", gray, d -> copyTiny(d, null), 3, "class"));
		l.add(new ModelCase("2-class model for star-convex-instances (needs a stardist model)", "star-convex-instances", gray,
				d -> copyTiny(d, null), 3, "star-convex"));
		l.add(new ModelCase("2-class model for panoptic-instances (needs a panoptic model)", "panoptic-instances", gray,
				d -> copyTiny(d, null), 3, "panoptic"));
		l.add(new ModelCase("segnet package for the unet command", "unet", gray, d -> TINY.get("segnet").toString(), 3, "segnet"));
		l.add(new ModelCase("model on a 2-channel image", "apply-model", "twochan.tif", d -> copyTiny(d, null), 3, "channel"));
		l.add(new ModelCase("zoo folder with an empty rdf.yaml", "apply-model", gray, d -> {
			Path z = Files.createDirectories(d.resolve("zoo"));
			Files.writeString(z.resolve("rdf.yaml"), "");
			return z.toString();
		}, 3, "rdf\\.yaml"));
		l.add(new ModelCase("zoo folder with a corrupt rdf.yaml", "apply-model", gray, d -> {
			Path z = Files.createDirectories(d.resolve("zoo"));
			Files.writeString(z.resolve("rdf.yaml"), "weights: [unclosed\n  - : :\n");
			return z.toString();
		}, 3, "rdf\\.yaml"));
		l.add(new ModelCase("zoo folder without weights", "apply-model", gray, d -> {
			Path z = Files.createDirectories(d.resolve("zoo"));
			Files.writeString(z.resolve("rdf.yaml"), "format_version: 0.4.9\ntype: model\nname: x\n"
					+ "inputs:\n  - name: input\n    axes: bcyx\n    data_type: float32\n    shape: [1, 1, 64, 64]\n"
					+ "outputs:\n  - name: output\n    axes: bcyx\n    data_type: float32\n    shape:\n      reference_tensor: input\n      scale: [1, 1, 1, 1]\n      offset: [0, 0, 0, 0]\n"
					+ "weights:\n  torchscript:\n    source: weights.pt\n");
			return z.toString();
		}, 3, "weights"));
		return l;
	}

	/** A tiny U-Net package taking 3 channels (RGB). */
	static Path rgbModel(Path dir) {
		NetConfig cfg = NetConfig.builder().inChannels(3).classes(2).depth(1).base(4).build();
		SegmentationNetwork net = Networks.create("unet", cfg);
		Path p = dir.resolve("rgb-unet");
		try (Model m = Model.newInstance("rgb-unet", Device.cpu(), "PyTorch")) {
			m.setBlock(net);
			net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 16, 16));
			ModelStore.save(m, ModelPackage.builder().name("rgb-unet").description("corpus").architecture("unet").config(net.config().toOptions())
					.classes(List.of("background", "object")).inputChannels(3).sizeMultiple(net.inputMultiple()).tile(32).halo(0)
					.normalization(Normalization.percentile(2, 99.5)).activation(Activation.SOFTMAX).training(new JsonObject())
					.validation(new JsonObject()).build(), p);
		}
		return p;
	}

	@TestFactory
	Stream<DynamicTest> missingCorruptAndUnfittingModels() {
		return modelCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
			Path dir = fresh(c.name());
			Path in = Files.createDirectories(dir.resolve("in"));
			writeFixtures(in);
			ImageStack st = new ImageStack(32, 24);
			st.addSlice(BadInputs.blobs(32, 24));
			st.addSlice(BadInputs.blobs(32, 24));
			ImagePlus two = new ImagePlus("twochan", st);
			two.setDimensions(2, 1, 1);
			two.setOpenAsHyperStack(true);
			ij.IJ.saveAsTiff(two, in.resolve("twochan.tif").toString());
			String model = c.maker().make(Files.createDirectories(dir.resolve("models")));
			expectError("model: " + c.name(), dir, List.of("run", c.technique(), "-i", in.resolve(c.image()).toString(), "-o",
					dir.resolve("out/o.tif").toString(), "-p", "model=" + model), c.code(), c.keywords());
		}));
	}

	// ---------------------------------------------------------------------------------------------
	// valid inputs that look odd: paths with spaces and non-ASCII characters, more than 65535 labels

	@org.junit.jupiter.api.Test
	void pathsWithSpacesAndNonAsciiCharactersWork() throws IOException {
		Path dir = Files.createDirectories(root.resolve("päths ü 日本"));
		Path in = Files.createDirectories(dir.resolve("in put ø"));
		Path img = writeGood(in.resolve("cells ç é.tif"));
		Path nii = in.resolve("brain ß.nii.gz");
		Files.write(nii, BadInputs.gzip(BadInputs.validNifti(16, 12, 3)));
		Map<String, String> before = hashes(in);
		byte[] expected = (byte[]) service.run("otsu", ImageFiles.open(img), Map.of()).image().getProcessor().getPixels();
		// run, TIFF and NIfTI
		Path out = dir.resolve("out é/mask ñ.tif");
		Cli r = cli("run", "otsu", "-i", img.toString(), "-o", out.toString());
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(expected, (byte[]) ImageFiles.open(out).getProcessor().getPixels());
		Path niiOut = dir.resolve("out é/mask ñ.nii.gz");
		r = cli("run", "otsu", "-i", nii.toString(), "-o", niiOut.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals(3, ImageFiles.open(niiOut).getStackSize());
		// batch
		Path batchOut = dir.resolve("résultats");
		r = cli("batch", "otsu", "-i", in.toString(), "-o", batchOut.toString(), "-q");
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(expected, (byte[]) ImageFiles.open(batchOut.resolve("cells ç é.tif")).getProcessor().getPixels());
		assertTrue(Files.exists(batchOut.resolve("brain ß.nii.gz")));
		// eval of the mask against itself
		Path json = dir.resolve("métriques.json");
		r = cli("eval", "--pred", out.toString(), "--truth", out.toString(), "--json", json.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.readString(json).contains("\"dice\": 1") || Files.readString(json).contains("\"dice\":1"), Files.readString(json));
		// a model in a folder with a space and a non-ASCII character
		r = cli("run", "apply-model", "-i", img.toString(), "-o", dir.resolve("prob é.tif").toString(), "-p", "model=" + tinyModel);
		assertEquals(0, r.code(), r.err());
		assertTrue(tinyModel.toString().contains(" ü"));
		assertEquals(before, hashes(in), "inputs modified");
		assertEquals(List.of(), partFiles(dir));
	}

	@org.junit.jupiter.api.Test
	void validButUnusualFilesAreNotRefused() throws IOException {
		Path dir = fresh("valid odd files");
		// 12-bit packed samples: 4 x 4 pixels in 24 bytes
		byte[] packed = new byte[24];
		for (int i = 0; i < 8; i++) { // pixel pairs (a, b) = (256 i + 1, 256 i + 2) as aa ab bb
			int a = 256 * i + 1, b = 256 * i + 2;
			packed[3 * i] = (byte) (a >> 4);
			packed[3 * i + 1] = (byte) ((a & 15) << 4 | b >> 8);
			packed[3 * i + 2] = (byte) b;
		}
		Path t12 = dir.resolve("bits12.tif");
		Files.write(t12, BadInputs.tiff(4, 4, 12, 1, packed));
		ImageProcessor p12 = ImageFiles.open(t12).getProcessor();
		for (int i = 0; i < 16; i++)
			assertEquals(256 * (i / 2) + 1 + i % 2, p12.get(i), "12-bit pixel " + i);
		// an uncompressed NIfTI named .nii.gz is read all the same
		Path plain = dir.resolve("plain.nii.gz");
		Files.write(plain, BadInputs.validNifti(16, 12, 3));
		assertEquals(3, ImageFiles.open(plain).getStackSize());
	}

	@org.junit.jupiter.api.Test
	void moreThan65535LabelsAreKeptOrRefusedClearly() throws IOException {
		Path dir = fresh("many labels");
		Path in = Files.createDirectories(dir.resolve("in"));
		Path dots = in.resolve("dots.tif");
		save(BadInputs.manyComponentsMask(), dots);
		Map<String, String> before = hashes(in);
		// 265 x 265 isolated pixels: labels 1..70225 in raster order, in a 32-bit image
		Path labels = dir.resolve("labels.tif");
		Cli r = cli("run", "connected-components", "-i", dots.toString(), "-o", labels.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus l = ImageFiles.open(labels);
		assertEquals(32, l.getBitDepth());
		checkDotLabels(l);
		// NIfTI keeps them too
		Path nii = dir.resolve("labels.nii.gz");
		r = cli("run", "connected-components", "-i", dots.toString(), "-o", nii.toString());
		assertEquals(0, r.code(), r.err());
		checkDotLabels(ImageFiles.open(nii));
		// PNG holds 16 bits: refused, nothing written
		expectError("70225 labels as PNG", dir, List.of("run", "connected-components", "-i", dots.toString(), "-o", dir.resolve("out/l.png").toString()),
				2, "PNG");
		// measured and evaluated
		Path csv = dir.resolve("m.csv");
		r = cli("run", "measure-labels", "-i", labels.toString(), "-o", csv.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals(70225 + 1, Files.readAllLines(csv).size());
		Path json = dir.resolve("e.json");
		r = cli("eval", "--pred", labels.toString(), "--truth", labels.toString(), "--instances", "--thresholds", "0.5", "--no-surface", "--json",
				json.toString());
		assertEquals(0, r.code(), r.err());
		String j = Files.readString(json);
		assertTrue(j.contains("\"n_gt\": 70225") || j.contains("\"n_gt\":70225"), j.substring(0, Math.min(600, j.length())));
		assertEquals(before, hashes(in));
	}

	/** The k-th dot in raster order has label k, everything else 0. */
	static void checkDotLabels(ImagePlus l) {
		ImageProcessor ip = l.getProcessor();
		int k = 0;
		for (int y = 0; y < ip.getHeight(); y++)
			for (int x = 0; x < ip.getWidth(); x++) {
				boolean dot = x % 2 == 0 && y % 2 == 0;
				assertEquals(dot ? ++k : 0, ip.getf(x, y), 0, "label at " + x + "," + y);
			}
		assertEquals(70225, k);
	}

	// ---------------------------------------------------------------------------------------------
	// the command line, run in-process

	record Cli(int code, String out, String err) {
	}

	static Cli cli(String... args) {
		long t0 = System.nanoTime();
		try {
			return cliUntimed(args);
		}
		finally {
			TIMES.merge("cli-total\t" + args[0], (System.nanoTime() - t0) / 1e6, Double::sum);
		}
	}

	private static Cli cliUntimed(String... args) {
		CliTest.Result r = guarded(String.join(" ", args), () -> CliTest.cli(args));
		return new Cli(r.code(), r.out(), r.err());
	}

	static Cli cli(List<String> args) {
		return cli(args.toArray(String[]::new));
	}

	/**
	 * Runs a command line that must fail: the exit code, one clear message on stderr that names
	 * the problem, every file of the case folder unchanged, nothing written to its out/ folder
	 * and no temporary file anywhere in it.
	 */
	static void expectError(String what, Path dir, List<String> args, int code, String keywords) throws IOException {
		Map<String, String> before = hashes(dir);
		Cli r = cli(args);
		String err = r.err().strip();
		REPORT.put("cli\t" + what, "exit " + r.code() + ": " + err.replace('\n', ' '));
		assertEquals(code, r.code(), what + ": exit code; stderr: " + err + "; stdout: " + r.out().strip());
		assertFalse(err.isEmpty(), what + ": no message");
		assertEquals(1, err.lines().count(), what + ": more than one line: " + err);
		assertClearMessage(what, err, keywords);
		assertFalse(r.out().contains("\tat "), what + ": a stack trace on standard output: " + r.out());
		assertEquals(before, hashes(dir), what + ": files were changed or left behind");
		assertEquals(List.of(), partFiles(dir), what + ": partial outputs left");
	}

	static Path fresh(String name) throws IOException {
		return Files.createDirectories(root.resolve("case-" + name.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.nanoTime()));
	}

	// ---------------------------------------------------------------------------------------------
	// shared checks

	private static final Pattern INTERNAL = Pattern.compile(
			"Exception\\b|OutOfMemoryError|StackOverflow|IndexOutOfBounds|\\bnull\\b|\\tat |java\\.(lang|util|io|nio)\\.|org\\.segmentij\\.|ij\\.process\\.|\\b[A-Z][a-z]+[A-Z]\\w*\\.[a-z]\\w*[:(]");

	/** One clear line: says what (a key word of the case), no Java class names, no stack trace, no "null". */
	static void assertClearMessage(String what, String message, String keywords) {
		assertNotNull(message, what + ": no message");
		String m = message.strip();
		assertTrue(m.length() >= 20, what + ": message too short: " + m);
		assertFalse(INTERNAL.matcher(m).find(), what + ": message shows internals: " + m);
		if (keywords != null)
			assertTrue(Pattern.compile(keywords, Pattern.CASE_INSENSITIVE).matcher(m).find(),
					what + ": the message does not name the problem (" + keywords + "): " + m);
	}

	/** The pixels, dimensions, type and calibration of an image: equal before and after a run. */
	record Snapshot(int w, int h, int type, int c, int z, int t, double pw, String title, List<Object> planes) {
		static Snapshot of(ImagePlus imp) {
			List<Object> planes = new ArrayList<>();
			if (imp.getWidth() > 0) {
				ImageStack s = imp.getStack();
				for (int i = 1; i <= s.getSize(); i++) {
					Object p = s.getPixels(i);
					planes.add(p instanceof byte[] a ? new Plane(a.clone()) : p instanceof short[] a ? new Plane(a.clone())
							: p instanceof float[] a ? new Plane(a.clone()) : new Plane(((int[]) p).clone()));
				}
			}
			return new Snapshot(imp.getWidth(), imp.getHeight(), imp.getType(), imp.getNChannels(), imp.getNSlices(), imp.getNFrames(),
					imp.getCalibration().pixelWidth, imp.getTitle(), planes);
		}
	}

	/** An array compared by content (float NaN equal to NaN, bit for bit). */
	record Plane(Object array) {
		@Override
		public boolean equals(Object o) {
			return o instanceof Plane p && Objects.deepEquals(new Object[] { array }, new Object[] { p.array });
		}

		@Override
		public int hashCode() {
			return 0;
		}
	}

	/** SHA-256 of every file under a folder, by relative path. */
	static Map<String, String> hashes(Path dir) throws IOException {
		Map<String, String> m = new TreeMap<>();
		if (!Files.exists(dir))
			return m;
		try (Stream<Path> s = Files.walk(dir)) {
			for (Path p : s.filter(Files::isRegularFile).toList()) {
				try {
					m.put(dir.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
				}
				catch (java.security.NoSuchAlgorithmException e) {
					throw new IllegalStateException(e);
				}
			}
		}
		return m;
	}

	static List<Path> partFiles(Path dir) throws IOException {
		try (Stream<Path> s = Files.walk(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
		}
	}
}
