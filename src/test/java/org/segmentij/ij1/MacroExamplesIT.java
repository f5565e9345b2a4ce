package org.segmentij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.service.SegmentIJ;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.io.RoiEncoder;
import ij.process.ImageProcessor;

/**
 * The example macros in macros/ run in a plain ImageJ 1 under Xvfb on data generated here, and
 * print what they promise: a nuclei count near the true one, the Dice of the Otsu mask against
 * ROI ground truth, a batch over a folder with its summary.csv.
 */
class MacroExamplesIT {

	@TempDir
	Path tmp;

	private static Path macro(String name) {
		Path p = Path.of("macros", name).toAbsolutePath();
		assertTrue(Files.isRegularFile(p), p.toString());
		return p;
	}

	private static String printed(String out, String key) {
		Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(\\S+)$").matcher(out);
		assertTrue(m.find(), key + "= not printed:\n" + out);
		return m.group(1);
	}

	private static int distinctLabels(ImagePlus labels) {
		Set<Integer> s = new HashSet<>();
		for (int z = 1; z <= labels.getStackSize(); z++) {
			ImageProcessor ip = labels.getStack().getProcessor(z);
			for (int i = 0; i < ip.getPixelCount(); i++)
				if (ip.getf(i) > 0)
					s.add((int) ip.getf(i));
		}
		return s.size();
	}

	@Test
	void nucleiCountingOnAStack() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults3D(128, 128, 16, 12, 5));
		ImagePlus stack = ImagePlusAdapter.toImagePlus(AxisImage.of("nuclei", s.image(), Axis.X, Axis.Y, Axis.Z));
		int truth = distinctLabels(LabelImages.toImagePlus(AxisImage.of("t", s.labels(), Axis.X, Axis.Y, Axis.Z)));
		Path in = tmp.resolve("nuclei stack.tif");
		assertTrue(new FileSaver(stack).saveAsTiffStack(in.toString()));

		ImageJ1Process.Result r = ij.macro(macro("nuclei_count.ijm"), in + "|" + Path.of("pipelines", "nuclei.pipeline").toAbsolutePath(), 90);
		r.assertOk();
		int counted = Integer.parseInt(printed(r.output(), "nuclei")), viaPipeline = Integer.parseInt(printed(r.output(), "pipeline_nuclei"));
		assertEquals(counted, viaPipeline, "the pipeline file does the same steps:\n" + r.output());
		// the same steps in this JVM (ImageJ's Gaussian blur, then the service) count the same objects
		ImagePlus smoothed = stack.duplicate();
		for (int z = 1; z <= smoothed.getStackSize(); z++)
			new ij.plugin.filter.GaussianBlur().blurGaussian(smoothed.getStack().getProcessor(z), 1, 1, 0.01);
		var service = SegmentIJ.segmentation();
		ImagePlus labels = service.run("label-cleanup", service.run("distance-watershed",
				service.run("otsu", smoothed, Map.of()).image(), Map.of("h", "1")).image(), Map.of("min_size", "30", "fill_holes", "true")).image();
		assertEquals(distinctLabels(labels), counted, r.output());
		// and near the truth (3D watershed on this small, z-blurred stack merges a few touching nuclei)
		assertTrue(counted >= 0.6 * truth && counted <= 1.2 * truth, "counted " + counted + ", true " + truth + "\n" + r.output());
		assertTrue(r.output().contains("pipeline image: smoothed-nuclei"), r.output());
	}

	@Test
	void evaluationAgainstRoiGroundTruth() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(160, 128, 14, 9));
		ImagePlus image = ImagePlusAdapter.toImagePlus(AxisImage.of("cells", s.image(), Axis.X, Axis.Y));
		ImagePlus truth = LabelImages.toImagePlus(AxisImage.of("truth", s.labels(), Axis.X, Axis.Y));
		Path in = tmp.resolve("cells.tif"), zip = tmp.resolve("truth rois.zip");
		assertTrue(new FileSaver(image).saveAsTiff(in.toString()));
		List<Roi> rois = LabelRois.toRois(truth);
		try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(zip));
				DataOutputStream out = new DataOutputStream(new BufferedOutputStream(zos))) {
			RoiEncoder enc = new RoiEncoder(out);
			for (Roi roi : rois) {
				zos.putNextEntry(new ZipEntry(roi.getName() + ".roi"));
				enc.write(roi);
				out.flush();
			}
		}

		ImageJ1Process.Result r = ij.macro(macro("evaluate_rois.ijm"), in + "|" + zip, 90);
		r.assertOk();
		assertTrue(r.output().contains("truth ROIs: " + rois.size()), r.output());
		double dice = Double.parseDouble(printed(r.output(), "dice"));
		// oracle: Dice counted pixel by pixel between the Otsu mask and the true labels
		ImagePlus mask = SegmentIJ.segmentation().run("otsu", image, Map.of()).image();
		long both = 0, a = 0, b = 0;
		for (int i = 0; i < mask.getProcessor().getPixelCount(); i++) {
			boolean p = mask.getProcessor().get(i) != 0, t = truth.getProcessor().getf(i) > 0;
			a += p ? 1 : 0;
			b += t ? 1 : 0;
			both += p && t ? 1 : 0;
		}
		assertEquals(2.0 * both / (a + b), dice, 1e-4, r.output()); // the macro prints 4 decimals
		assertTrue(Double.parseDouble(printed(r.output(), "f1@0.5")) > 0.5, r.output());
	}

	@Test
	void batchOverAFolder() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		Path in = Files.createDirectories(tmp.resolve("in put")), out = tmp.resolve("out");
		int objects = 0;
		for (int k = 0; k < 3; k++) {
			SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(128, 96, 6 + k, 20 + k));
			assertTrue(new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("img" + k, s.image(), Axis.X, Axis.Y)))
					.saveAsTiff(in.resolve("img" + k + ".tif").toString()));
		}
		ImageJ1Process.Result r = ij.macro(macro("batch_folder.ijm"), in + "|" + out + "|" + Path.of("pipelines", "nuclei.pipeline").toAbsolutePath(), 90);
		r.assertOk();
		for (int k = 0; k < 3; k++) {
			ImagePlus o = IJ.openImage(out.resolve("img" + k + ".tif").toString());
			assertNotNull(o, "output img" + k + ".tif missing:\n" + r.output());
			objects += distinctLabels(o);
		}
		List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals(4, csv.size(), String.join("\n", csv));
		assertTrue(r.output().contains("summary rows=3"), r.output());
		assertTrue(r.output().contains("Batch Process Folder: nuclei.pipeline: 3 files, 3 done, 0 skipped, 0 failed, " + objects + " objects, "),
				r.output());
	}
}
