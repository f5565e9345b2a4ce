package org.segmentij.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;

/**
 * Outputs are new images that keep what describes the input: title "input-suffix", pixel width,
 * height and depth, unit, origin, the hyperstack axes (channels, slices, frames) for per-pixel
 * techniques, and the overlay. Every technique of the service, on a calibrated 2-channel z-stack
 * and a calibrated single-channel time series.
 */
class OutputMetadataTest {

	private static Context context;
	private static SegmentationService service;

	@BeforeAll
	static void start() {
		context = SegmentIJ.newContext();
		service = context.service(SegmentationService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/** 48x40, c channels, z slices, t frames, 16-bit nuclei; calibrated 0.2 x 0.3 x 0.7 µm, 2 s; an overlay. */
	static ImagePlus hyperstack(int c, int z, int t) {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults3D(48, 40, Math.max(z, 2), 4, 7));
		ImagePlus one = ImagePlusAdapter.toImagePlus(AxisImage.of("n", s.image(), Axis.X, Axis.Y, Axis.Z));
		ImageStack st = new ImageStack(48, 40);
		for (int ti = 0; ti < t; ti++)
			for (int zi = 1; zi <= z; zi++)
				for (int ci = 0; ci < c; ci++) {
					ij.process.ImageProcessor ip = one.getStack().getProcessor(zi).duplicate();
					if (ci == 1)
						ip.invert(); // a second channel that differs
					st.addSlice(ip);
				}
		ImagePlus imp = new ImagePlus("cells.tif", st);
		imp.setDimensions(c, z, t);
		if (c > 1)
			imp = new ij.CompositeImage(imp, ij.IJ.COMPOSITE);
		imp.setOpenAsHyperStack(true);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.3;
		cal.pixelDepth = 0.7;
		cal.xOrigin = 3;
		cal.yOrigin = 4;
		cal.zOrigin = 1;
		cal.frameInterval = 2;
		cal.setTimeUnit("s");
		cal.setUnit("µm");
		Overlay ov = new Overlay(new Roi(5, 6, 10, 8));
		imp.setOverlay(ov);
		imp.setTitle("cells.tif");
		return imp;
	}

	/** The calibration fields that differ, as " name a->b". */
	static String calibrationDifferences(Calibration a, Calibration b) {
		StringBuilder sb = new StringBuilder();
		diff(sb, "pixelWidth", a.pixelWidth, b.pixelWidth);
		diff(sb, "pixelHeight", a.pixelHeight, b.pixelHeight);
		diff(sb, "pixelDepth", a.pixelDepth, b.pixelDepth);
		diff(sb, "xOrigin", a.xOrigin, b.xOrigin);
		diff(sb, "yOrigin", a.yOrigin, b.yOrigin);
		diff(sb, "zOrigin", a.zOrigin, b.zOrigin);
		diff(sb, "frameInterval", a.frameInterval, b.frameInterval);
		diff(sb, "unit", a.getUnit(), b.getUnit());
		diff(sb, "yunit", a.getYUnit(), b.getYUnit());
		diff(sb, "zunit", a.getZUnit(), b.getZUnit());
		diff(sb, "timeUnit", a.getTimeUnit(), b.getTimeUnit());
		return sb.toString();
	}

	private static void diff(StringBuilder sb, String name, Object a, Object b) {
		if (!a.equals(b))
			sb.append(' ').append(name).append(' ').append(a).append("->").append(b);
	}

	@org.junit.jupiter.api.io.TempDir
	java.nio.file.Path tmp;

	/** Seeds for seeded region growing: the connected components of the Otsu mask, as a file. */
	private String seedsFile(ImagePlus labels) {
		java.nio.file.Path f = tmp.resolve("seeds-" + System.identityHashCode(labels) + ".tif");
		if (!java.nio.file.Files.exists(f))
			org.segmentij.cli.ImageFiles.saveTiffAtomically(labels, f);
		return f.toString();
	}

	@Test
	void everyTechniqueKeepsCalibrationAxesAndOverlay() {
		List<String> problems = new ArrayList<>();
		for (ImagePlus in : new ImagePlus[] { hyperstack(2, 5, 1), hyperstack(1, 1, 3), hyperstack(1, 4, 1) }) {
			ImagePlus mask = service.run("otsu", in, Map.of()).image();
			ImagePlus labels = service.run("connected-components", mask, Map.of()).image();
			for (Technique t : service.techniques()) {
				if (t.id().equals("apply-model") || java.util.List.of("unet", "segnet", "deeplabv3plus", "fcn", "vit").contains(t.id()))
					continue; // needs a model file: TechniqueContractTest runs it with a saved package
				if (t.id().equals("measure-labels") || t.id().equals("labels-to-rois"))
					continue; // a table or ROIs, not an image (TechniqueContractTest checks them)
				if (t.id().equals("prompt"))
					continue; // 2D images with prompt ROIs only (TechniqueContractTest and PromptCliTest check its output)
				ImagePlus src = switch (t.id()) {
					case "connected-components", "distance-watershed" -> mask;
					case "label-cleanup" -> labels;
					default -> in;
				};
				String what = t.id() + " on " + src.getNChannels() + "c" + src.getNSlices() + "z" + src.getNFrames() + "t";
				ImagePlus out;
				try {
					Map<String, String> params = t.id().equals("local-otsu") ? Map.of("radius", "3")
							: t.id().equals("seeded-region-growing") ? Map.of("seeds", seedsFile(labels)) : Map.of();
					out = service.run(t.id(), src, params).image();
				}
				catch (org.segmentij.SegmentIJException e) {
					// a technique for 2D images and Z stacks may refuse channels or frames, if it says what to do
					boolean hyper = src.getNChannels() > 1 || src.getNFrames() > 1;
					if (!hyper || !(e.getMessage().contains("split them first") || e.getMessage().contains("channel(s)")))
						problems.add(what + ": refused: " + e.getMessage());
					continue;
				}
				assertNotNull(out, what);
				Calibration a = src.getCalibration(), b = out.getCalibration();
				String cal = calibrationDifferences(a, b);
				if (!cal.isEmpty())
					problems.add(what + ": calibration" + cal);
				if (!out.getTitle().startsWith(src.getTitle().replaceFirst("\\.tif$", "") + "-"))
					problems.add(what + ": title " + out.getTitle());
				if (t.id().startsWith("try-all-"))
					continue; // a montage of the methods, not an image of the input's geometry
				if (out.getNChannels() != src.getNChannels() || out.getNSlices() != src.getNSlices() || out.getNFrames() != src.getNFrames())
					problems.add(what + ": axes " + out.getNChannels() + "c" + out.getNSlices() + "z" + out.getNFrames() + "t");
				if (out.getOverlay() == null || out.getOverlay().size() != src.getOverlay().size())
					problems.add(what + ": overlay " + out.getOverlay());
			}
		}
		assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
	}

	/** A technique on a 2-channel z-stack gives, channel by channel, what it gives on each channel alone. */
	@Test
	void channelsAreSegmentedOnTheirOwn() {
		ImagePlus in = hyperstack(2, 5, 1);
		ImagePlus mask = service.run("otsu", in, Map.of()).image();
		for (String id : new String[] { "local-mean", "local-sauvola", "distance-watershed" }) {
			ImagePlus src = id.equals("distance-watershed") ? mask : in;
			Map<String, String> params = id.startsWith("local") ? Map.of("radius", "4", "radius_z", "1") : Map.of("h", "0.5");
			ImagePlus all = service.run(id, src, params).image();
			ImagePlus[] channels = ij.plugin.ChannelSplitter.split(src);
			int changed = 0;
			for (int c = 1; c <= 2; c++) {
				ImagePlus one = service.run(id, channels[c - 1], params).image();
				assertEquals(5, one.getStackSize());
				for (int z = 1; z <= 5; z++) {
					ij.process.ImageProcessor a = all.getStack().getProcessor(all.getStackIndex(c, z, 1)), b = one.getStack().getProcessor(z);
					for (int i = 0; i < a.getPixelCount(); i++) {
						assertEquals(b.getf(i), a.getf(i), id + " c" + c + " z" + z + " pixel " + i);
						if (b.getf(i) != 0)
							changed++;
					}
				}
			}
			assertTrue(changed > 0, id + ": nothing segmented");
		}
	}
}
