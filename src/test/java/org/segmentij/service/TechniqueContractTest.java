package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.classical.threshold.LocalParams;
import org.segmentij.classical.threshold.LocalThreshold;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Every technique through the service on 8-, 16-, 32-bit, RGB and a 3D stack: a new image of the
 * input's size and calibration, the input untouched, and for the threshold commands the same mask
 * as the algorithm called directly.
 */
class TechniqueContractTest {

	private static Context context;
	private static SegmentationService service;
	/** A tiny saved model package for apply-model (1 channel, 2 classes). */
	private static java.nio.file.Path modelDir;

	@BeforeAll
	static void start() throws java.io.IOException {
		context = SegmentIJ.newContext();
		service = context.service(SegmentationService.class);
		modelDir = java.nio.file.Files.createTempDirectory("contract-model");
		try (ai.djl.Model m = org.segmentij.deep.store.ModelStoreTestAccess.tinyUnet(1)) {
			org.segmentij.deep.store.ModelStore.save(m, org.segmentij.deep.store.ModelStoreTestAccess.meta(m), modelDir);
		}
	}

	@AfterAll
	static void stop() throws java.io.IOException {
		context.dispose();
		try (var files = java.nio.file.Files.walk(modelDir)) {
			for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList())
				java.nio.file.Files.delete(f);
		}
	}

	static ImagePlus nuclei16(long depth) {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(depth == 1 ? SyntheticNuclei.Params.defaults2D(96, 80, 6, 3)
				: SyntheticNuclei.Params.defaults3D(64, 64, depth, 5, 3));
		ImagePlus imp = ImagePlusAdapter.toImagePlus(depth == 1 ? AxisImage.of("n16", s.image(), Axis.X, Axis.Y)
				: AxisImage.of("n16", s.image(), Axis.X, Axis.Y, Axis.Z));
		imp.getCalibration().pixelWidth = imp.getCalibration().pixelHeight = 0.25;
		imp.getCalibration().setUnit("µm");
		return imp;
	}

	static ImagePlus[] inputs() {
		ImagePlus n16 = nuclei16(1);
		ImagePlus n8 = n16.duplicate();
		n8.setTitle("n8");
		n8.setProcessor(n16.getProcessor().convertToByte(true));
		ImagePlus f32 = new ImagePlus("f32", n16.getProcessor().convertToFloat());
		ColorProcessor cp = new ColorProcessor(n16.getWidth(), n16.getHeight());
		ImageProcessor b = n8.getProcessor();
		for (int i = 0; i < b.getPixelCount(); i++)
			cp.set(i, (b.get(i) << 16) | ((255 - b.get(i)) << 8) | (b.get(i) / 2));
		ImagePlus rgb = new ImagePlus("rgb", cp);
		return new ImagePlus[] { n8, n16, f32, rgb, nuclei16(6) };
	}

	private static Object[] pixels(ImagePlus imp) {
		ImageStack s = imp.getStack();
		Object[] o = new Object[s.getSize()];
		for (int i = 0; i < o.length; i++) {
			Object p = s.getPixels(i + 1);
			o[i] = p instanceof short[] a ? a.clone() : p instanceof byte[] a ? a.clone() : p instanceof float[] a ? a.clone() : ((int[]) p).clone();
		}
		return o;
	}

	@Test
	void everyTechniqueOnEveryPixelType() {
		for (ImagePlus in : inputs())
			for (Technique t : service.techniques()) {
				if (t.id().equals("connected-components") || t.id().equals("distance-watershed")
						|| t.id().equals("local-otsu") && in.getStackSize() > 1)
					continue; // labelling needs a mask (see below); local Otsu on stacks is slow by nature
				if ((t.id().equals("label-cleanup") || t.id().equals("labels-to-panoptic")) && in.getType() == ImagePlus.COLOR_RGB) {
					org.segmentij.InputException e = org.junit.jupiter.api.Assertions.assertThrows(org.segmentij.InputException.class,
							() -> service.run(t.id(), in, Map.of()));
					assertTrue(e.getMessage().contains("RGB"), e.getMessage());
					continue;
				}
				if (t.group().equals("Instance")) { // label images in, tables or ROIs out
					String what = t.id() + " on " + in.getTitle();
					if (in.getType() == ImagePlus.COLOR_RGB && (t.id().equals("panoptic-instances") || t.id().equals("star-convex-instances"))) {
						// takes intensity images (its model, not labels): an RGB image is segmented as its luminance
						Object[] before = pixels(in);
						service.run(t.id(), in, Map.of());
						assertTrue(java.util.Objects.deepEquals(before[0], pixels(in)[0]), what + ": input modified");
						continue;
					}
					if (in.getType() == ImagePlus.COLOR_RGB) {
						org.junit.jupiter.api.Assertions.assertThrows(org.segmentij.InputException.class,
								() -> service.run(t.id(), in, Map.of()), what);
						continue;
					}
					Object[] before = pixels(in);
					TechniqueResult r = service.run(t.id(), in, Map.of());
					assertTrue(r.values().values().stream().anyMatch(
							v -> v instanceof NamedTable nt && nt.table().size() > 0 || v instanceof RoiSet rs && !rs.rois().isEmpty()), what);
					Object[] after = pixels(in);
					for (int i = 0; i < before.length; i++)
						assertTrue(java.util.Objects.deepEquals(before[i], after[i]), what + ": input modified");
					continue;
				}
				if (java.util.List.of("segnet", "deeplabv3plus", "fcn", "vit").contains(t.id())) { // the saved package is a U-Net
					org.segmentij.InputException e = org.junit.jupiter.api.Assertions.assertThrows(org.segmentij.InputException.class,
							() -> service.run(t.id(), in, Map.of("model", modelDir.toString())));
					assertTrue(e.getMessage().contains("'unet' network, not a '" + t.id() + "'"), e.getMessage());
					continue;
				}
				if (t.id().equals("prompt") && in.getStackSize() > 1) { // promptable segmentation is 2D
					in.setRoi(new ij.gui.PointRoi(20, 20));
					org.segmentij.InputException e = org.junit.jupiter.api.Assertions.assertThrows(org.segmentij.InputException.class,
							() -> service.run(t.id(), in, Map.of("device", "cpu")));
					in.deleteRoi();
					assertTrue(e.getMessage().contains("2D"), e.getMessage());
					continue;
				}
				Object[] before = pixels(in);
				Map<String, String> params = t.id().equals("manual-threshold") ? Map.of("lower", "10")
						: t.id().equals("apply-model") || t.id().equals("unet") ? Map.of("model", modelDir.toString(), "result", "labels")
								: Map.of();
				boolean seeded = t.id().equals("seeded-region-growing") || t.id().equals("prompt");
				if (seeded) // seeds (prompts) from the image's selection: two points
					in.setRoi(new ij.gui.PointRoi(new int[] { 5, 40 }, new int[] { 5, 40 }, 2));
				TechniqueResult r = service.run(t.id(), in, params);
				if (seeded)
					in.deleteRoi();
				String what = t.id() + " on " + in.getTitle();
				ImagePlus out = r.image();
				assertNotNull(out, what);
				if (t.id().equals("try-all-thresholds")) // a 6 x 3 montage of the first plane
					assertEquals(6 * in.getWidth() * Math.min(1, 1800.0 / (6 * in.getWidth())), out.getWidth(), 12, what); // plus borders
				else if (t.id().equals("try-all-local-thresholds")) // a 5 x 2 montage of the first plane
					assertEquals(5 * in.getWidth() * Math.min(1, 1500.0 / (5 * in.getWidth())), out.getWidth(), 10, what);
				else {
					assertEquals(in.getWidth(), out.getWidth(), what);
					assertEquals(in.getHeight(), out.getHeight(), what);
					assertEquals(in.getStackSize(), out.getStackSize(), what);
				}
				assertEquals(in.getCalibration().pixelWidth, out.getCalibration().pixelWidth, what);
				assertTrue(out.getTitle().startsWith(in.getTitle() + "-"), what + ": title " + out.getTitle());
				Object[] after = pixels(in);
				for (int i = 0; i < before.length; i++)
					assertTrue(java.util.Objects.deepEquals(before[i], after[i]), what + ": input modified");
			}
	}

	@Test
	void commandsGiveTheAlgorithmsMasks() {
		ImagePlus in = nuclei16(1);
		AxisImage<?> img = ImagePlusAdapter.wrapReal(in);
		for (GlobalMethod m : GlobalMethod.values()) {
			byte[] viaCommand = (byte[]) service.run(m.id(), in, Map.of("dark_objects", "true")).image().getProcessor().getPixels();
			assertArrayEquals(bytes(globalMask(img, m)), viaCommand, m.id());
		}
		for (LocalMethod m : LocalMethod.values()) {
			byte[] viaCommand = (byte[]) service.run(m.id(), in, Map.of("radius", "7")).image().getProcessor().getPixels();
			assertArrayEquals(bytes(localMask(img, m)), viaCommand, m.id());
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Img<UnsignedByteType> globalMask(AxisImage img, GlobalMethod m) {
		return GlobalThreshold.mask(img.data(), m, new GlobalThreshold.Options(true, false, false, Histogram.Mode.FULL));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Img<UnsignedByteType> localMask(AxisImage img, LocalMethod m) {
		return LocalThreshold.mask(img.data(), m, LocalParams.defaults(m).withRadius(7));
	}

	private static byte[] bytes(Img<UnsignedByteType> mask) {
		byte[] b = new byte[(int) mask.size()];
		int i = 0;
		for (UnsignedByteType t : mask)
			b[i++] = (byte) t.get();
		return b;
	}

	@Test
	void regionCommandsOnAMask() {
		for (long depth : new long[] { 1, 6 }) {
			ImagePlus in = nuclei16(depth);
			ImagePlus mask = service.run("otsu", in, Map.of()).image();
			Object[] before = pixels(mask);
			ImagePlus cc = service.run("connected-components", mask, Map.of()).image();
			ImagePlus ws = service.run("distance-watershed", mask, Map.of("h", "0.5")).image();
			ImagePlus clean = service.run("label-cleanup", ws, Map.of("min_size", "1000000")).image();
			assertTrue(java.util.Objects.deepEquals(before, pixels(mask)), "mask modified");
			int nCc = (int) new ij.process.StackStatistics(cc).max, nWs = (int) new ij.process.StackStatistics(ws).max;
			assertTrue(nWs >= nCc, "watershed splits, never merges: " + nWs + " < " + nCc);
			assertEquals(0, (int) new ij.process.StackStatistics(clean).max, "every object is below the huge minimum size");
			// the watershed covers exactly the mask
			for (int s = 1; s <= mask.getStackSize(); s++)
				for (int i = 0; i < mask.getWidth() * mask.getHeight(); i++)
					assertEquals(mask.getStack().getProcessor(s).get(i) != 0, ws.getStack().getProcessor(s).getf(i) != 0);
		}
	}
}
