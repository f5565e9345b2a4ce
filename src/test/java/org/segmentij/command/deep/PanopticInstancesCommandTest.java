package org.segmentij.command.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.deep.train.Augmentation;
import org.segmentij.deep.train.Sample;
import org.segmentij.deep.train.TargetMode;
import org.segmentij.deep.train.Trainer;
import org.segmentij.deep.train.TrainingData;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.Panoptic;

import com.google.gson.JsonObject;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/** panoptic-instances end to end through the command line, with a hand-built and a tiny trained model. */
class PanopticInstancesCommandTest {

	@TempDir
	Path tmp;

	static synchronized int cli(StringBuilder log, String... args) {
		PrintStream o = System.out, e = System.err;
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(bo, true, StandardCharsets.UTF_8));
		try {
			return Main.execute(args);
		}
		finally {
			System.setOut(o);
			System.setErr(e);
			log.append(bo.toString(StandardCharsets.UTF_8));
		}
	}

	private Path image(int w, int h, long seed) {
		short[] pix = new short[w * h];
		Random r = new Random(seed);
		for (int i = 0; i < pix.length; i++)
			pix[i] = (short) r.nextInt(3000);
		Path in = tmp.resolve("in" + seed + ".tif");
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("in", ArrayImgs.unsignedShorts(pix, w, h), Axis.X, Axis.Y)))
				.saveAsTiff(in.toString()));
		return in;
	}

	/**
	 * A U-Net whose weights are all 0 except the head's biases: whatever the image, every pixel is
	 * an object (logits 0, 1), the heatmap is 0.5 everywhere and the offsets are (dx, dy) units.
	 */
	private Path handBuilt(String task, float dx, float dy, boolean panopticSettings) throws Exception {
		Path dir = tmp.resolve("hand-" + task + dx);
		NetConfig cfg = NetConfig.builder().inChannels(1).classes(5).depth(1).base(4).build();
		SegmentationNetwork net = Networks.create("unet", cfg);
		try (Model m = Model.newInstance("hand", Device.cpu(), "PyTorch")) {
			m.setBlock(net);
			net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
			boolean headBias = false;
			for (Pair<String, Parameter> p : net.getParameters()) {
				var a = p.getValue().getArray();
				float[] v = new float[(int) a.size()];
				if (p.getKey().contains("head") && p.getKey().endsWith("bias")) {
					v = new float[] { 0, 1, 0.5f, dx, dy };
					headBias = true;
				}
				else if (p.getKey().contains("runningVar"))
					java.util.Arrays.fill(v, 1);
				a.set(v);
			}
			assertTrue(headBias, "no head bias among " + net.getParameters().keys());
			JsonObject training = new JsonObject();
			if (panopticSettings) {
				JsonObject s = new JsonObject();
				s.addProperty("offset_scale", 10);
				training.add("panoptic", s);
			}
			ModelStore.save(m, ModelPackage.builder().name("hand").architecture("unet").task(task).config(cfg.toOptions())
					.classes(List.of("background", "object", "centre", "offset_x", "offset_y")).inputChannels(1)
					.sizeMultiple(net.inputMultiple()).tile(32).halo(8).normalization(Normalization.percentile(1, 99.8))
					.activation(Activation.NONE).training(training).validation(new JsonObject()).build(), dir);
		}
		return dir;
	}

	@Test
	void aHandBuiltModelGivesTheExpectedObjectAndPanopticIds() throws Exception {
		Path model = handBuilt(ModelPackage.TASK_PANOPTIC, 0, 0, true);
		Path in = image(40, 30, 1), lab = tmp.resolve("lab.tif"), pan = tmp.resolve("pan.tif"), rois = tmp.resolve("rois.zip");
		StringBuilder log = new StringBuilder();
		// flat heatmap: every pixel is a maximum; top_k 1 keeps the first (pixel 0), all pixels join it
		assertEquals(0, cli(log, "run", "panoptic-instances", "-i", in.toString(), "-o", lab.toString(), "--rois-out", rois.toString(),
				"--param", "model=" + model, "--param", "device=cpu", "--param", "top_k=1", "--param", "tile=64"), log::toString);
		assertEquals(0, cli(log, "run", "panoptic-instances", "-i", in.toString(), "-o", pan.toString(), "--param", "model=" + model,
				"--param", "device=cpu", "--param", "top_k=1", "--param", "tile=64", "--param", "output_type=panoptic"), log::toString);
		ImagePlus l = IJ.openImage(lab.toString()), p = IJ.openImage(pan.toString());
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++) {
				assertEquals(1, (int) l.getProcessor().getf(x, y));
				assertEquals((1 << 16) | 1, (int) p.getProcessor().getf(x, y));
			}
		assertTrue(Files.size(rois) > 0);
		assertEquals(1, org.segmentij.ij1.LabelRois.toRois(l).size());
		assertTrue(log.toString().contains("(1 ROIs)"), log::toString);

		// offsets of +1 unit (10 pixels) in x and NMS radius 0: every pixel is a centre
		Path shifted = handBuilt(ModelPackage.TASK_PANOPTIC, 1, 0, true);
		Path lab2 = tmp.resolve("lab2.tif");
		assertEquals(0, cli(log, "run", "panoptic-instances", "-i", in.toString(), "-o", lab2.toString(), "--param", "model=" + shifted,
				"--param", "device=cpu", "--param", "tile=64", "--param", "nms_radius=0", "--param", "min_size=0"), log::toString);
		ImagePlus l2 = IJ.openImage(lab2.toString());
		// brute force: centres are all pixels (heat 0.5 > 0.1, radius 0) in index order; the pixel
		// votes for (x + 10, y), whose nearest centre is that pixel (or (39, y) beyond the border);
		// instances are numbered by their centre's index among the used centres
		java.util.TreeMap<Integer, Integer> used = new java.util.TreeMap<>();
		int[] centreOf = new int[40 * 30];
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++) {
				int c = y * 40 + Math.min(39, x + 10);
				centreOf[y * 40 + x] = c;
				used.put(c, 0);
			}
		int id = 0;
		for (var e : used.entrySet())
			e.setValue(++id);
		for (int y = 0; y < 30; y++)
			for (int x = 0; x < 40; x++)
				assertEquals((int) used.get(centreOf[y * 40 + x]), (int) l2.getProcessor().getf(x, y), "at " + x + "," + y);
	}

	@Test
	void modelsThatAreNotPanopticAreRefusedClearly() throws Exception {
		Path seg = handBuilt(ModelPackage.TASK_SEGMENTATION, 0, 0, false);
		Path in = image(24, 24, 2);
		StringBuilder log = new StringBuilder();
		assertEquals(3, cli(log, "run", "panoptic-instances", "-i", in.toString(), "-o", tmp.resolve("x.tif").toString(), "--param",
				"model=" + seg, "--param", "device=cpu"));
		assertTrue(log.toString().contains("is not a panoptic model"), log::toString);
		assertTrue(log.toString().contains("--target panoptic"), log::toString);
		StringBuilder log2 = new StringBuilder();
		assertEquals(2, cli(log2, "run", "panoptic-instances", "-i", in.toString(), "-o", tmp.resolve("y.tif").toString(), "--param",
				"model=" + handBuilt(ModelPackage.TASK_PANOPTIC, 0, 0, true), "--param", "centre_threshold=1.5"));
		assertTrue(log2.toString().contains("centre_threshold"), log2::toString);
	}

	/**
	 * A tiny network trained for a few steps with --target panoptic: the package says so, and the
	 * panoptic output encodes the instance output (class 1, the same instance ids) and round-trips
	 * through {@link Panoptic}'s evaluation against itself (PQ 1).
	 */
	@Test
	void aTinyTrainedModelRoundTripsThePanopticEncoding() throws Exception {
		List<Sample> samples = TrainingData.synthetic(3,
				s -> SyntheticNuclei.Params.preset("fluorescence-touching", 64, 64, s).withCount(4).withRadius(6, 9), 11,
				TargetMode.PANOPTIC, Normalization.percentile(1, 99.8));
		NetConfig cfg = NetConfig.builder().inChannels(1).classes(TargetMode.PANOPTIC.fixedClasses()).depth(1).base(4).build();
		Path out = tmp.resolve("models").resolve("tiny-panoptic");
		Trainer.Config c = new Trainer.Config("tiny-panoptic", "unet", cfg, TargetMode.PANOPTIC, null, "ce", 2, 2, 32, 0.01, 0.34, 0, 3,
				Augmentation.standard(), Normalization.percentile(1, 99.8), out, false, Device.cpu(), 2);
		Trainer.Result r = Trainer.train(samples, c, null);
		assertEquals(ModelPackage.TASK_PANOPTIC, r.model().task);
		assertEquals(2, r.history().size());
		assertTrue(r.model().training.getAsJsonObject("panoptic").get("offset_scale").getAsDouble() > 0);

		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.preset("fluorescence-touching", 72, 56, 99).withCount(5));
		Path in = tmp.resolve("gen.tif");
		assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.<UnsignedShortType>of("gen", s.image(), Axis.X, Axis.Y)))
				.saveAsTiff(in.toString()));
		Path lab = tmp.resolve("l.tif"), pan = tmp.resolve("p.tif");
		StringBuilder log = new StringBuilder();
		String[] common = { "--param", "model=" + out, "--param", "device=cpu", "--param", "centre_threshold=0", "--param", "min_size=0" };
		assertEquals(0, cli(log, concat(new String[] { "run", "panoptic-instances", "-i", in.toString(), "-o", lab.toString() }, common)),
				log::toString);
		assertEquals(0, cli(log, concat(new String[] { "run", "panoptic-instances", "-i", in.toString(), "-o", pan.toString(), "--param",
				"output_type=panoptic" }, common)), log::toString);
		ImagePlus l = IJ.openImage(lab.toString()), p = IJ.openImage(pan.toString());
		int objects = 0;
		for (int y = 0; y < 56; y++)
			for (int x = 0; x < 72; x++) {
				int inst = (int) l.getProcessor().getf(x, y), id = (int) p.getProcessor().getf(x, y);
				assertEquals(inst == 0 ? 0 : 1, Panoptic.classOf(id), "class at " + x + "," + y);
				assertEquals(inst, Panoptic.instanceOf(id), "instance at " + x + "," + y);
				objects = Math.max(objects, inst);
			}
		StringBuilder evalLog = new StringBuilder();
		assertEquals(0, cli(evalLog, "eval", "--pred", pan.toString(), "--truth", pan.toString(), "--panoptic"), evalLog::toString);
		if (objects > 0)
			assertTrue(evalLog.toString().matches("(?s).*\\bpq\\s+1\\s.*"), evalLog::toString);
	}

	@Test
	void labelsToPanopticEncodesEveryObjectAsAThing() throws Exception {
		int w = 30, h = 20;
		float[] lab = new float[w * h];
		for (int i = 0; i < lab.length; i++)
			lab[i] = (i / 7) % 5 == 0 ? 0 : 1 + (i * 37) % 300;
		Path in = tmp.resolve("labels.tif"), out = tmp.resolve("pan.tif");
		assertTrue(new FileSaver(new ImagePlus("labels", new ij.process.FloatProcessor(w, h, lab))).saveAsTiff(in.toString()));
		StringBuilder log = new StringBuilder();
		assertEquals(0, cli(log, "run", "labels-to-panoptic", "-i", in.toString(), "-o", out.toString(), "--param", "class_id=3"),
				log::toString);
		ImagePlus p = IJ.openImage(out.toString());
		for (int i = 0; i < lab.length; i++) {
			int id = (int) p.getProcessor().getf(i % w, i / w);
			assertEquals(lab[i] == 0 ? 0 : 3 * 65536 + (int) lab[i], id, "pixel " + i);
		}
	}

	private static String[] concat(String[] a, String[] b) {
		String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, o, a.length, b.length);
		return o;
	}
}
