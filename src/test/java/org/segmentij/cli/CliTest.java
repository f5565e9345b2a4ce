package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

/** The command line in-process: exit codes, outputs and one-line errors. */
class CliTest {

	@TempDir
	Path tmp;

	record Result(int code, String out, String err) {
	}

	static synchronized Result cli(String... args) {
		PrintStream o = System.out, e = System.err;
		ByteArrayOutputStream bo = new ByteArrayOutputStream(), be = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
		try {
			int code = Main.execute(args);
			return new Result(code, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(o);
			System.setErr(e);
		}
	}

	private Path nucleiTiff(String name, long seed) {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(192, 160, 15, seed));
		ImagePlus imp = ImagePlusAdapter.toImagePlus(AxisImage.of(name, s.image(), Axis.X, Axis.Y));
		Path p = tmp.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		return p;
	}

	/** ImageJ 1's Otsu mask of the file (setAutoThreshold("Otsu dark"), Convert to Mask's rule). */
	static byte[] ij1Otsu(Path file) {
		ImageProcessor ip = IJ.openImage(file.toString()).getProcessor();
		ImageProcessor c = ip.duplicate();
		c.setAutoThreshold("Otsu dark");
		float t1 = (float) c.getMinThreshold(), t2 = (float) c.getMaxThreshold();
		byte[] m = new byte[ip.getPixelCount()];
		for (int i = 0; i < m.length; i++)
			m[i] = (byte) (ip.getf(i) >= t1 && ip.getf(i) <= t2 ? 255 : 0);
		return m;
	}

	@Test
	@SuppressWarnings("unchecked")
	void listJsonParsesAndListsEveryCommand() {
		Result r = cli("list", "--json");
		assertEquals(0, r.code, r.err);
		Map<String, Object> root = (Map<String, Object>) MiniJson.parse(r.out);
		List<Map<String, Object>> techniques = (List<Map<String, Object>>) root.get("techniques");
		Map<String, Object> otsu = techniques.stream().filter(t -> t.get("id").equals("otsu")).findFirst().orElseThrow();
		assertEquals("Plugins>Segmentation>Threshold>Global>Otsu Threshold", otsu.get("menu_path"));
		List<Map<String, Object>> params = (List<Map<String, Object>>) otsu.get("parameters");
		assertEquals(List.of("dark_objects", "ignore_black", "ignore_white", "per_slice", "imagej_histogram", "value_only", "rgb"),
				params.stream().map(p -> p.get("key")).toList());
		assertEquals(false, params.get(0).get("default"));
		assertEquals(List.of("luminance", "channels"), params.get(6).get("choices"));
		assertEquals(17 + 3, techniques.stream().filter(t -> t.get("group").equals("Threshold") && t.get("menu_path").toString().contains(">Global>")).count());
		Map<String, Object> manual = techniques.stream().filter(t -> t.get("id").equals("manual-threshold")).findFirst().orElseThrow();
		assertEquals(List.of("lower", "upper"), ((List<Map<String, Object>>) manual.get("parameters")).stream().map(p -> p.get("key")).toList());
		assertTrue(root.containsKey("models"));
		Result table = cli("list");
		assertTrue(table.out.contains("otsu") && table.out.contains("Threshold"), table.out);
	}

	@Test
	void runWritesTheMaskImageJ1Gives() throws Exception {
		Path in = nucleiTiff("cells.tif", 3), out = tmp.resolve("sub dir/out.tif");
		Result r = cli("run", "otsu", "-i", in.toString(), "-o", out.toString(), "--param", "imagej_histogram=true");
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("threshold="), r.out);
		ImagePlus mask = IJ.openImage(out.toString());
		assertArrayEquals(ij1Otsu(in), (byte[]) mask.getProcessor().getPixels());
		try (var s = Files.list(out.getParent())) {
			assertEquals(1, s.count(), "temporary files left behind");
		}
	}

	@Test
	void seededRegionGrowingTakesSeedsFromALabelFileOrARoiSet() throws Exception {
		// two flat halves (10 | 200) and one seed in each; the result is the two halves
		ij.process.ByteProcessor bp = new ij.process.ByteProcessor(40, 30);
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++)
				bp.set(x, y, x < 17 ? 10 : 200);
		Path in = tmp.resolve("halves.tif");
		assertTrue(new FileSaver(new ImagePlus("halves", bp)).saveAsTiff(in.toString()));
		ij.process.ShortProcessor sp = new ij.process.ShortProcessor(40, 30);
		sp.set(3, 3, 1);
		sp.set(35, 25, 2);
		Path seeds = tmp.resolve("seeds.tif");
		assertTrue(new FileSaver(new ImagePlus("seeds", sp)).saveAsTiff(seeds.toString()));
		Path zip = tmp.resolve("seeds.zip");
		try (var zos = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
			ij.gui.PointRoi[] pts = { new ij.gui.PointRoi(3, 3), new ij.gui.PointRoi(35, 25) };
			for (int i = 0; i < pts.length; i++) {
				zos.putNextEntry(new java.util.zip.ZipEntry("p" + i + ".roi"));
				new ij.io.RoiEncoder(zos).write(pts[i]);
			}
		}
		for (Path s : new Path[] { seeds, zip }) {
			Path out = tmp.resolve("srg-" + s.getFileName() + ".tif");
			Result r = cli("run", "seeded-region-growing", "-i", in.toString(), "-o", out.toString(), "--param", "seeds=" + s);
			assertEquals(0, r.code, r.err);
			ImagePlus l = IJ.openImage(out.toString());
			for (int y = 0; y < 30; y++)
				for (int x = 0; x < 40; x++)
					assertEquals(x < 17 ? 1 : 2, (int) l.getProcessor().getf(x, y), s + " at " + x + "," + y);
		}
		Result bad = cli("run", "seeded-region-growing", "-i", in.toString(), "-o", tmp.resolve("x.tif").toString());
		assertEquals(2, bad.code, "no seeds is a usage error");
		assertTrue(bad.err.contains("seeds="), bad.err);
	}

	@Test
	void errorsAreOneLineWithExitCodes() throws Exception {
		Path in = nucleiTiff("a.tif", 1);
		Result r = cli("run", "otsuu", "-i", in.toString(), "-o", tmp.resolve("x.tif").toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("Did you mean 'otsu'") && r.err.strip().lines().count() == 1, r.err);
		r = cli("run", "manual-threshold", "-i", in.toString(), "-o", tmp.resolve("x.tif").toString(), "--param", "lower=abc");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("'lower'") && r.err.contains("number"), r.err);
		r = cli("run", "otsu", "-i", tmp.resolve("missing.tif").toString(), "-o", tmp.resolve("x.tif").toString());
		assertEquals(3, r.code);
		assertTrue(r.err.contains("not found"), r.err);
		Path corrupt = tmp.resolve("corrupt.tif");
		Files.write(corrupt, new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3 });
		r = cli("run", "otsu", "-i", corrupt.toString(), "-o", tmp.resolve("x.tif").toString());
		assertEquals(3, r.code, r.err);
		assertFalse(Files.exists(tmp.resolve("x.tif")));
		r = cli("run", "otsu", "-i", in.toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--output"), r.err);
		assertFalse(r.err.contains("\tat "), "stack trace without --debug: " + r.err);
	}

	@Test
	void batchContinuesPastFailuresAndResumes() throws Exception {
		Path dir = Files.createDirectories(tmp.resolve("in"));
		for (int k = 0; k < 3; k++)
			Files.move(nucleiTiff("img" + k + ".tif", k + 10), dir.resolve("img" + k + ".tif"));
		Files.write(dir.resolve("broken.tif"), new byte[] { 1, 2, 3 });
		Files.writeString(dir.resolve("notes.txt"), "not an image");
		Path out = tmp.resolve("out");
		Result r = cli("batch", "otsu", "-i", dir.toString(), "-o", out.toString(), "--jobs", "2", "-q", "-p", "imagej_histogram=true");
		assertEquals(4, r.code, r.err);
		String summary = Files.readString(out.resolve("summary.csv"));
		assertEquals(5, summary.strip().lines().count(), summary); // header + 4 images
		assertTrue(summary.contains("broken.tif,failed"), summary);
		for (int k = 0; k < 3; k++) {
			assertTrue(summary.contains("img" + k + ".tif,ok,img" + k + ".tif"), summary);
			assertArrayEquals(ij1Otsu(dir.resolve("img" + k + ".tif")),
					(byte[]) IJ.openImage(out.resolve("img" + k + ".tif").toString()).getProcessor().getPixels());
		}
		// resume: a deleted output is redone, the others are skipped
		Files.delete(out.resolve("img1.tif"));
		Files.delete(dir.resolve("broken.tif"));
		r = cli("batch", "otsu", "-i", dir.toString(), "-o", out.toString(), "--resume", "-q", "-p", "imagej_histogram=true");
		assertEquals(0, r.code, r.err);
		summary = Files.readString(out.resolve("summary.csv"));
		assertTrue(summary.contains("img0.tif,skipped") && summary.contains("img1.tif,ok") && summary.contains("img2.tif,skipped"), summary);
		assertTrue(Files.exists(out.resolve("img1.tif")));
		// a pipeline file: threshold then label
		Path pipeline = tmp.resolve("count.pipeline");
		Files.writeString(pipeline, "# nuclei\notsu\nconnected-components connectivity=face\n");
		r = cli("batch", pipeline.toString(), "-i", dir.toString(), "-o", tmp.resolve("labels").toString(), "-q");
		assertEquals(0, r.code, r.err);
		assertEquals(16, IJ.openImage(tmp.resolve("labels/img0.tif").toString()).getBitDepth());
		Files.writeString(pipeline, "otsu\nconnected-components connectivity=diagonal\n");
		r = cli("batch", pipeline.toString(), "-i", dir.toString(), "-o", tmp.resolve("bad").toString(), "-q");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("step 2") && r.err.contains("one of full, face"), r.err);
	}

	@Test
	@SuppressWarnings("unchecked")
	void benchWritesPeerShapedJson() throws Exception {
		Path in = nucleiTiff("b.tif", 5), json = tmp.resolve("bench.json");
		Result r = cli("bench", "otsu", "manual-threshold", "-i", in.toString(), "--repeat", "3", "--warmup", "1", "--warmup-s", "0", "--json", json.toString());
		assertEquals(0, r.code, r.err);
		Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(json));
		for (String id : List.of("otsu", "manual-threshold")) {
			Map<String, Object> m = (Map<String, Object>) root.get(id);
			for (String key : List.of("median_ms", "min_ms", "n", "threads", "simd", "params", "output_summary", "warmup_rounds",
					"warmup_s", "jit_ms_while_timed"))
				assertTrue(m.containsKey(key), id + " lacks " + key);
			assertEquals(3.0, m.get("n"));
			assertEquals(1.0, m.get("warmup_rounds"), "--warmup-s 0: exactly the --warmup rounds");
			assertEquals(org.segmentij.image.Simd.describe(), m.get("simd"));
			assertTrue((double) m.get("min_ms") <= (double) m.get("median_ms"));
		}
		Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) root.get("otsu")).get("output_summary");
		assertTrue((double) summary.get("fg_fraction") > 0.01 && (double) summary.get("fg_fraction") < 0.6, summary.toString());
	}

	@Test
	void demoWritesItsFilesAndScoresWell() throws Exception {
		Path out = tmp.resolve("demo");
		Result r = cli("demo", "-o", out.toString(), "--size", "128", "--depth", "12", "--nuclei", "12");
		assertEquals(0, r.code, r.err);
		for (String f : List.of("nuclei.tif", "truth_labels.tif", "otsu_mask.tif", "watershed_labels.tif", "metrics.csv", "overview.png"))
			assertTrue(Files.size(out.resolve(f)) > 0, f);
		String metrics = Files.readString(out.resolve("metrics.csv"));
		double dice = Double.parseDouble(metrics.lines().filter(l -> l.startsWith("dice,")).findFirst().orElseThrow().split(",")[1]);
		assertTrue(dice > 0.7, metrics); // Otsu on blurred, touching nuclei: about 0.77 here, 0.89 at the default size
		ImagePlus png = IJ.openImage(out.resolve("overview.png").toString());
		assertEquals(4 * 128 + 12, png.getWidth());
	}

	@Test
	@SuppressWarnings("unchecked")
	void evalOnFilesFoldersAndRoiSets() throws Exception {
		Path truthDir = Files.createDirectories(tmp.resolve("truth")), predDir = Files.createDirectories(tmp.resolve("pred"));
		for (int k = 0; k < 2; k++) {
			SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(128, 96, 8, 20 + k));
			ImagePlus labels = org.segmentij.image.LabelImages.toImagePlus(AxisImage.of("t", s.labels(), Axis.X, Axis.Y));
			assertTrue(new FileSaver(labels).saveAsTiff(truthDir.resolve("img" + k + ".tif").toString()));
			assertTrue(new FileSaver(labels).saveAsTiff(predDir.resolve("img" + k + ".tif").toString()));
		}
		Files.copy(predDir.resolve("img0.tif"), predDir.resolve("orphan.tif"));
		Path json = tmp.resolve("eval.json"), csv = tmp.resolve("eval.csv");
		// a prediction identical to the truth: every score 1; the orphan has no truth: exit 4, reported
		Result r = cli("eval", "--pred", predDir.toString(), "--truth", truthDir.toString(), "--instances", "--thresholds", "0.5,0.9",
				"--json", json.toString(), "--csv", csv.toString());
		assertEquals(4, r.code, r.err);
		assertTrue(r.err.contains("orphan.tif"), r.err);
		Map<String, Object> root = (Map<String, Object>) MiniJson.parse(Files.readString(json));
		Map<String, Object> summary = (Map<String, Object>) root.get("summary");
		assertEquals(2.0, summary.get("files"));
		assertEquals(1.0, summary.get("mean_dice"));
		assertEquals(1.0, summary.get("mean_ap@0.90"));
		List<String> rows = Files.readAllLines(csv);
		assertEquals(4, rows.size(), String.join("\n", rows)); // header, summary, 2 files
		assertTrue(rows.get(1).startsWith("summary,"));
		// single pair, truth as a ROI set written with ImageJ's RoiEncoder
		Path zip = tmp.resolve("truth rois.zip");
		try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
			int i = 0;
			for (ij.gui.Roi roi : List.of(new ij.gui.Roi(10, 10, 20, 20), new ij.gui.OvalRoi(60, 40, 30, 24))) {
				z.putNextEntry(new java.util.zip.ZipEntry("roi" + (i++) + ".roi"));
				z.write(ij.io.RoiEncoder.saveAsByteArray(roi));
				z.closeEntry();
			}
		}
		ij.process.ByteProcessor bp = new ij.process.ByteProcessor(128, 96);
		bp.setColor(255);
		bp.fill(new ij.gui.Roi(10, 10, 20, 20));
		Path mask = tmp.resolve("mask.tif");
		assertTrue(new FileSaver(new ImagePlus("mask", bp)).saveAsTiff(mask.toString()));
		r = cli("eval", "--pred", mask.toString(), "--rois", zip.toString(), "--instances", "--thresholds", "0.5", "--json", json.toString());
		assertEquals(0, r.code, r.err);
		Map<String, Object> m = (Map<String, Object>) ((Map<String, Object>) MiniJson.parse(Files.readString(json))).get("summary");
		assertEquals(2.0, m.get("n_gt"));
		assertEquals(1.0, m.get("tp@0.50"));
		assertEquals(1.0, m.get("precision"));
		// errors: missing truth, corrupt ROI set
		r = cli("eval", "--pred", mask.toString());
		assertEquals(2, r.code);
		Files.write(tmp.resolve("bad.zip"), new byte[] { 'P', 'K', 3, 4, 0 });
		r = cli("eval", "--pred", mask.toString(), "--rois", tmp.resolve("bad.zip").toString());
		assertEquals(3, r.code, r.err);
		assertFalse(r.err.contains("\tat "), r.err);
	}
}
