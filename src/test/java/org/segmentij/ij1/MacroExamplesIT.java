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

	@Test
	void lesionMaskOnADicomSeries() throws Exception {
		ImageJ1Process ij = new ImageJ1Process(tmp);
		// a synthetic MR series: 8 axial slices of 64x64 16-bit, 0.8 mm pixels, 2.5 mm apart; noisy
		// tissue (800) with a bright ellipsoid lesion (1400, semi-axes 12, 9, 7.5 mm) and a small
		// bright decoy blob that the "largest object" step must drop
		int w = 64, h = 64, d = 8;
		double px = 0.8, dz = 2.5, a = 12, b = 9, c = 7.5, cx = 32 * px, cy = 30 * px, cz = 3.5 * dz;
		Path series = Files.createDirectories(tmp.resolve("series 1"));
		java.util.Random rnd = new java.util.Random(7);
		boolean[][] truth = new boolean[d][w * h];
		long truthVoxels = 0;
		for (int z = 0; z < d; z++) {
			short[] pixels = new short[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double ex = (x * px - cx) / a, ey = (y * px - cy) / b, ez = (z * dz - cz) / c;
					boolean lesion = ex * ex + ey * ey + ez * ez <= 1;
					boolean decoy = z >= 5 && (x - 8) * (x - 8) + (y - 54) * (y - 54) <= 5;
					truth[z][y * w + x] = lesion;
					truthVoxels += lesion ? 1 : 0;
					pixels[y * w + x] = (short) Math.round((lesion || decoy ? 1400 : 800) + 40 * rnd.nextGaussian());
				}
			// position z = -10 + 2.5 z mm; file names in series order, instance numbers too
			Files.write(series.resolve(String.format("IM%04d.dcm", z + 1)), org.segmentij.io.DicomWriter.slice("1.2.826.0.1.77", "1.2.826.0.1.77." + (z + 1),
					z + 1, new double[] { -25, -25, -10 + dz * z }, px + "\\" + px, h, w, pixels));
		}
		Path mask = tmp.resolve("lesion mask.tif");

		ImageJ1Process.Result r = ij.macro(macro("lesion_mask_dicom.ijm"), series + "|" + mask, 90);
		r.assertOk();
		String[] voxel = r.output().lines().filter(l -> l.startsWith("voxel=")).findFirst().orElseThrow(() -> new AssertionError(r.output()))
				.substring(6).split(" ");
		assertEquals(px, Double.parseDouble(voxel[0]), 1e-6, r.output());
		assertEquals(px, Double.parseDouble(voxel[1]), 1e-6, r.output());
		assertEquals(dz, Double.parseDouble(voxel[2]), 1e-6, "slice spacing from the positions:\n" + r.output());
		assertEquals("mm", voxel[3], r.output());
		assertTrue(Integer.parseInt(printed(r.output(), "objects")) >= 2, "the decoy is a second object:\n" + r.output());
		long voxels = Long.parseLong(printed(r.output(), "lesion_voxels"));
		double volume = Double.parseDouble(printed(r.output(), "lesion_volume"));
		double voxelVolume = px * px * dz;
		assertEquals(voxels * voxelVolume, volume, 1e-3 * volume, "volume = voxels x voxel volume:\n" + r.output());
		// oracles: the voxels whose centre lies in the ellipsoid, and the ellipsoid's volume 4/3 pi a b c
		assertEquals(truthVoxels, voxels, 0.08 * truthVoxels, r.output());
		double ellipsoid = 4.0 / 3 * Math.PI * a * b * c;
		assertEquals(ellipsoid, volume, 0.15 * ellipsoid, "ellipsoid " + ellipsoid + " mm^3\n" + r.output());

		ImagePlus m = IJ.openImage(mask.toString());
		assertNotNull(m, "mask not saved:\n" + r.output());
		assertEquals(d, m.getStackSize());
		assertEquals(px, m.getCalibration().pixelWidth, 1e-6);
		assertEquals(px, m.getCalibration().pixelHeight, 1e-6);
		assertEquals(dz, m.getCalibration().pixelDepth, 1e-6);
		assertEquals("mm", m.getCalibration().getUnit());
		long both = 0, inMask = 0;
		for (int z = 0; z < d; z++) {
			ImageProcessor ip = m.getStack().getProcessor(z + 1);
			for (int i = 0; i < w * h; i++) {
				boolean on = ip.get(i) != 0;
				inMask += on ? 1 : 0;
				both += on && truth[z][i] ? 1 : 0;
			}
		}
		assertEquals(voxels, inMask, "the saved mask holds the counted voxels");
		double dice = 2.0 * both / (inMask + truthVoxels);
		assertTrue(dice > 0.9, "Dice of the mask against the ellipsoid " + dice + "\n" + r.output());
		assertEquals(0, m.getStack().getProcessor(7).get(8, 54), "the decoy is not in the mask");
	}
}
