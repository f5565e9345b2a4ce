package org.segmentij.command.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;
import org.segmentij.deep.infer.Activation;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.deep.nets.NetConfig;
import org.segmentij.deep.nets.Networks;
import org.segmentij.deep.nets.Norm;
import org.segmentij.deep.nets.SegmentationNetwork;
import org.segmentij.deep.store.ModelPackage;
import org.segmentij.deep.store.ModelStore;
import org.segmentij.deep.train.StarDistTraining;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * star-convex-instances end to end through the command line, with a hand-built model whose
 * outputs are known: a U-Net without normalisation whose weights pass the input image through
 * unchanged (identity 3x3 kernels on one channel, everything else zero), so the object logit is
 * {@code A * image + B} and the ray distances are constants set in the head's bias. On an image
 * that is 1 at a few centres, 0.9 around them and 0 elsewhere, the objects must be exactly the
 * polygons of those distances around the centres (the pixels whose centres lie inside, checked
 * with a point-in-polygon test written here).
 */
class StarConvexInstancesCommandTest {

	static final int RAYS = 16;
	static final float A = 10, B = -5.5f;

	@TempDir
	Path tmp;

	record Run(int code, String out) {
	}

	static synchronized Run cli(String... args) {
		PrintStream o = System.out, e = System.err;
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(bo, true, StandardCharsets.UTF_8));
		try {
			int code = Main.execute(args);
			return new Run(code, bo.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(o);
			System.setErr(e);
		}
	}

	/** Ray k's length in pixels: longer along x than along y. */
	static double ray(int k) {
		double phi = 2 * Math.PI * k / RAYS;
		return 4.13 + 1.71 * Math.cos(phi) * Math.cos(phi);
	}

	/** The hand-built star-convex package. */
	static Path handBuilt(Path dir) throws Exception {
		int base = 4;
		NetConfig cfg = NetConfig.builder().inChannels(1).classes(1 + RAYS).depth(1).base(base).norm(Norm.NONE).build();
		SegmentationNetwork net = Networks.create("unet", cfg);
		try (Model m = Model.newInstance("hand", Device.cpu(), "PyTorch")) {
			m.setBlock(net);
			net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16));
			for (Pair<String, Parameter> p : net.getParameters()) {
				String name = p.getKey();
				NDArray a = p.getValue().getArray();
				long[] s = a.getShape().getShape();
				float[] v = new float[(int) a.size()];
				if ((name.contains("enc0") || name.contains("dec0")) && s.length == 4 && s[2] == 3) {
					v[(int) ((0 * s[1] + 0) * 9 + 4)] = 1; // output 0 <- input 0, centre tap
					if (s[1] == 2 * base)
						v[(int) ((0 * s[1] + base) * 9 + 4)] = 1; // the concatenation: the skip half (the other half is 0)
				}
				else if (name.contains("head") && name.endsWith("weight"))
					v[0] = A; // object logit <- channel 0
				else if (name.contains("head") && name.endsWith("bias")) {
					v[0] = B;
					for (int k = 0; k < RAYS; k++)
						v[1 + k] = (float) (ray(k) / StarDistTraining.DISTANCE_SCALE);
				}
				a.set(java.nio.FloatBuffer.wrap(v));
			}
			List<String> classes = new java.util.ArrayList<>(List.of("object"));
			for (int k = 0; k < RAYS; k++)
				classes.add("ray" + k);
			ModelPackage meta = ModelPackage.builder().name("hand").architecture("unet").task(ModelPackage.TASK_STARDIST)
					.stardist(StarDistTraining.settings(RAYS, StarDistTraining.DISTANCE_SCALE, 0.5, 0.4)).config(cfg.toOptions())
					.classes(classes).inputChannels(1).sizeMultiple(net.inputMultiple()).tile(32).halo(8)
					.normalization(Normalization.none()).activation(Activation.NONE).build();
			ModelStore.save(m, meta, dir);
		}
		return dir;
	}

	/** Whether point (px, py) is inside the star polygon around (cx, cy) (even-odd ray casting). */
	static boolean inside(double px, double py, int cx, int cy) {
		boolean in = false;
		for (int k = 0, j = RAYS - 1; k < RAYS; j = k++) {
			double xk = cx + ray(k) * Math.cos(2 * Math.PI * k / RAYS), yk = cy + ray(k) * Math.sin(2 * Math.PI * k / RAYS);
			double xj = cx + ray(j) * Math.cos(2 * Math.PI * j / RAYS), yj = cy + ray(j) * Math.sin(2 * Math.PI * j / RAYS);
			if ((yk > py) != (yj > py) && px < xj + (py - yj) / (yk - yj) * (xk - xj))
				in = !in;
		}
		return in;
	}

	static FloatProcessor scene(int w, int h, int[][] centres) {
		FloatProcessor fp = new FloatProcessor(w, h);
		for (int[] c : centres)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++)
					fp.setf(c[0] + dx, c[1] + dy, dx == 0 && dy == 0 ? 1f : 0.9f);
		return fp;
	}

	/** Every expected polygon is one label, exclusively; the background 0. Returns the number of objects. */
	static int check(ij.process.ImageProcessor lab, int w, int h, int[][] centres) {
		Map<Integer, Integer> labelOf = new HashMap<>();
		Set<Integer> used = new HashSet<>();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int l = (int) lab.getf(x, y);
				int which = -1;
				for (int c = 0; c < centres.length; c++)
					if (inside(x, y, centres[c][0], centres[c][1]))
						which = c;
				if (which < 0) {
					assertEquals(0, l, "background at " + x + "," + y);
					continue;
				}
				assertNotEquals(0, l, "object " + which + " at " + x + "," + y);
				Integer prev = labelOf.putIfAbsent(which, l);
				assertEquals(prev == null ? l : prev, l, "object " + which + " has one label");
				used.add(l);
			}
		assertEquals(centres.length, labelOf.size());
		assertEquals(centres.length, used.size(), "different objects, different labels");
		return centres.length;
	}

	static int zipEntries(Path zip) throws Exception {
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
			return z.size();
		}
	}

	@Test
	void handBuiltModelGivesItsPolygonsAndRois() throws Exception {
		Path pkg = handBuilt(tmp.resolve("hand"));
		int w = 70, h = 52;
		int[][] c1 = { { 10, 12 }, { 33, 9 }, { 24, 31 }, { 55, 40 }, { 60, 8 } }, c2 = { { 20, 20 }, { 45, 30 } };
		ImageStack st = new ImageStack(w, h);
		st.addSlice(scene(w, h, c1));
		st.addSlice(scene(w, h, c2));
		Path in1 = tmp.resolve("one.tif"), in2 = tmp.resolve("two.tif");
		assertTrue(new FileSaver(new ImagePlus("one", scene(w, h, c1))).saveAsTiff(in1.toString()));
		assertTrue(new FileSaver(new ImagePlus("two", st)).saveAsTiffStack(in2.toString()));

		Path out = tmp.resolve("labels.tif"), rois = tmp.resolve("rois.zip");
		Run r = cli("run", "star-convex-instances", "--param", "model=" + pkg, "--param", "device=cpu", "-i", in1.toString(), "-o",
				out.toString(), "--rois-out", rois.toString());
		assertEquals(0, r.code(), r.out());
		ImagePlus lab = IJ.openImage(out.toString());
		assertEquals(1, lab.getStackSize());
		int n = check(lab.getProcessor(), w, h, c1);
		assertEquals(n, zipEntries(rois), "one ROI per object");

		// a stack, in smaller tiles: each slice on its own
		Path out2 = tmp.resolve("labels2.tif"), rois2 = tmp.resolve("rois2.zip");
		r = cli("run", "star-convex-instances", "--param", "model=" + pkg, "--param", "device=cpu", "--param", "tile=28", "-i",
				in2.toString(), "-o", out2.toString(), "--rois-out", rois2.toString());
		assertEquals(0, r.code(), r.out());
		ImagePlus lab2 = IJ.openImage(out2.toString());
		assertEquals(2, lab2.getStackSize());
		int n1 = check(lab2.getStack().getProcessor(1), w, h, c1), n2 = check(lab2.getStack().getProcessor(2), w, h, c2);
		Set<Integer> l1 = new HashSet<>(), l2 = new HashSet<>();
		for (int i = 0; i < w * h; i++) {
			l1.add((int) lab2.getStack().getProcessor(1).getf(i));
			l2.add((int) lab2.getStack().getProcessor(2).getf(i));
		}
		l1.remove(0);
		l2.remove(0);
		l1.retainAll(l2);
		assertTrue(l1.isEmpty(), "labels unique in the stack: " + l1);
		assertEquals(n1 + n2, zipEntries(rois2));

		// a probability threshold above every pixel's probability: nothing
		Path out3 = tmp.resolve("none.tif");
		r = cli("run", "star-convex-instances", "--param", "model=" + pkg, "--param", "device=cpu", "--param", "prob_threshold=0.99",
				"-i", in1.toString(), "-o", out3.toString());
		assertEquals(0, r.code(), r.out());
		assertEquals(0, IJ.openImage(out3.toString()).getProcessor().getStatistics().max);
	}

	@Test
	void otherModelsAndBadThresholdsAreRefusedClearly() throws Exception {
		Path seg = tmp.resolve("seg");
		try (Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(4)) {
			ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), seg);
		}
		Path in = tmp.resolve("in.tif");
		assertTrue(new FileSaver(new ImagePlus("in", scene(40, 30, new int[][] { { 10, 10 } }))).saveAsTiff(in.toString()));
		Run r = cli("run", "star-convex-instances", "--param", "model=" + seg, "--param", "device=cpu", "-i", in.toString(), "-o",
				tmp.resolve("x.tif").toString());
		assertEquals(3, r.code(), r.out());
		assertTrue(r.out().contains("not a star-convex") && r.out().contains("--target stardist"), r.out());
		Path pkg = handBuilt(tmp.resolve("hand"));
		r = cli("run", "star-convex-instances", "--param", "model=" + pkg, "--param", "nms_threshold=1.5", "-i", in.toString(), "-o",
				tmp.resolve("y.tif").toString());
		assertEquals(2, r.code(), r.out());
		assertTrue(r.out().contains("nms_threshold"), r.out());
	}
}
