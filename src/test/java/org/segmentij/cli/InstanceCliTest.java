package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.ij1.LabelRois;
import org.segmentij.instance.LabelMeasurements;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.io.RoiDecoder;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/** measure-labels and labels-to-rois on the command line: CSV, ROI zip, overlay. */
class InstanceCliTest {

	@TempDir
	Path tmp;

	/** Rings (holes), squares touching each other, objects cut by the image border. */
	static int[] labels(int w, int h) {
		int[] a = new int[w * h];
		Random r = new Random(21);
		int l = 0;
		for (int k = 0; k < 6; k++) { // rings, some on the border
			l++;
			double cx = r.nextDouble() * w, cy = r.nextDouble() * h, ro = 6 + 6 * r.nextDouble(), ri = ro * 0.5;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double d = Math.hypot(x - cx, y - cy);
					if (d <= ro && d > ri)
						a[y * w + x] = l;
				}
		}
		for (int k = 0; k < 4; k++) { // a row of touching squares along the bottom border
			l++;
			for (int y = h - 7; y < h; y++)
				for (int x = 10 + 7 * k; x < 17 + 7 * k; x++)
					a[y * w + x] = l;
		}
		return a;
	}

	private Path save(String name, ij.process.ImageProcessor ip) {
		ImagePlus imp = new ImagePlus(name, ip);
		imp.getCalibration().pixelWidth = imp.getCalibration().pixelHeight = 0.5;
		imp.getCalibration().setUnit("µm");
		Path p = tmp.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()));
		return p;
	}

	private static int[] arr(Img<IntType> img) {
		int[] a = new int[(int) img.size()];
		Cursor<IntType> c = Views.flatIterable(img).cursor();
		for (int i = 0; i < a.length; i++)
			a[i] = c.next().get();
		return a;
	}

	@Test
	void measureLabelsWritesTheTableAsCsv() throws IOException {
		int w = 80, h = 60;
		int[] a = labels(w, h);
		ShortProcessor sp = new ShortProcessor(w, h);
		float[] v = new float[w * h];
		for (int i = 0; i < a.length; i++) {
			sp.set(i, a[i]);
			v[i] = (i * 37) % 101;
		}
		Path lab = save("labels.tif", sp), in = save("intensity.tif", new FloatProcessor(w, h, v));
		Path csv = tmp.resolve("m.csv");
		CliTest.Result r = CliTest.cli("run", "measure-labels", "-i", lab.toString(), "-o", csv.toString(), "--param",
				"intensity=" + in);
		assertEquals(0, r.code(), r.err());
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		LabelMeasurements.Table t = LabelMeasurements.measure(ArrayImgs.ints(a, w, h), ArrayImgs.floats(v, w, h),
				new double[] { 0.5, 0.5 });
		assertEquals(String.join(",", t.names()), lines.get(0));
		assertEquals(t.rows() + 1, lines.size());
		for (int row = 0; row < t.rows(); row++) {
			String[] f = lines.get(row + 1).split(",");
			for (int c = 0; c < f.length; c++)
				assertEquals(t.columns()[c][row], Double.parseDouble(f[c]), 0, t.names().get(c) + " row " + row);
		}
		assertEquals(0.25 * countOf(a, 1), t.column("Area")[0], 1e-12); // calibrated from the TIFF

		// without -o the table goes to standard output
		r = CliTest.cli("run", "measure-labels", "-i", lab.toString());
		assertEquals(0, r.code(), r.err());
		LabelMeasurements.Table shape = LabelMeasurements.measure(ArrayImgs.ints(a, w, h), null, new double[] { 0.5, 0.5 });
		assertEquals(String.join(",", shape.names()), r.out().lines().findFirst().orElse(""));
		assertEquals(shape.rows() + 1, r.out().lines().count());
		// an intensity image that is not there
		r = CliTest.cli("run", "measure-labels", "-i", lab.toString(), "--param", "intensity=" + tmp.resolve("missing.tif"));
		assertEquals(Main.INPUT, r.code());
		assertTrue(r.err().contains("intensity"), r.err());
	}

	private static int countOf(int[] a, int v) {
		int n = 0;
		for (int x : a)
			if (x == v)
				n++;
		return n;
	}

	@Test
	void labelsToRoisZipRoundTripsExactly() throws IOException {
		int w = 80, h = 60;
		int[] a = labels(w, h);
		ShortProcessor sp = new ShortProcessor(w, h);
		for (int i = 0; i < a.length; i++)
			sp.set(i, a[i]);
		Path lab = save("labels.tif", sp);
		Path zip = tmp.resolve("rois.zip");
		CliTest.Result r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", zip.toString());
		assertEquals(0, r.code(), r.err());
		List<Roi> rois = new ArrayList<>();
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				Roi roi = RoiDecoder.openFromByteArray(z.readAllBytes());
				assertNotNull(roi, e.getName());
				assertEquals(e.getName(), roi.getName() + ".roi");
				rois.add(roi);
			}
		}
		assertEquals(10, rois.size());
		long composite = rois.stream().filter(x -> x instanceof ij.gui.ShapeRoi).count();
		assertTrue(composite >= 2, "whole rings are composite ROIs: " + composite);
		assertArrayEquals(a, arr(LabelRois.fromRois(rois, w, h, 1)));

		Path tif = tmp.resolve("outlines.tif");
		r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", tif.toString(), "--param", "overlay=true");
		assertEquals(0, r.code(), r.err());
		ImagePlus o = IJ.openImage(tif.toString());
		assertNotNull(o.getOverlay());
		assertEquals(10, o.getOverlay().size());
		// the outlines on the image that was segmented: its pixels, the same ROIs
		ij.process.FloatProcessor fp = new ij.process.FloatProcessor(w, h);
		for (int i = 0; i < w * h; i++)
			fp.setf(i, 1000 + i % 97);
		Path raw = tmp.resolve("raw.tif");
		IJ.saveAsTiff(new ImagePlus("raw", fp), raw.toString());
		Path on = tmp.resolve("on-raw.tif");
		r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", on.toString(), "--param", "overlay=true", "--param",
				"overlay_on=" + raw);
		assertEquals(0, r.code(), r.err());
		ImagePlus onRaw = IJ.openImage(on.toString());
		assertEquals(ImagePlus.GRAY32, onRaw.getType());
		assertArrayEquals((float[]) fp.getPixels(), (float[]) onRaw.getProcessor().getPixels());
		assertEquals(10, onRaw.getOverlay().size());
		for (int k = 0; k < 10; k++)
			assertEquals(rois.get(k).getName(), onRaw.getOverlay().get(k).getName());
		// an image of another size is named, and so is overlay_on without overlay
		Path small = tmp.resolve("small.tif");
		IJ.saveAsTiff(new ImagePlus("small", new ij.process.FloatProcessor(5, 5)), small.toString());
		r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", on.toString(), "--param", "overlay=true", "--param",
				"overlay_on=" + small);
		assertEquals(3, r.code(), r.err());
		assertTrue(r.err().contains("same size"), r.err());
		r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", on.toString(), "--param", "overlay_on=" + raw);
		assertEquals(Main.USAGE, r.code(), r.err());
		assertTrue(r.err().contains("overlay=true"), r.err());
		// --rois-out on a technique that gives a label image: one ROI per label, back to the same labels
		Path cleaned = tmp.resolve("cleaned.tif"), cleanedRois = tmp.resolve("cleaned.zip");
		r = CliTest.cli("run", "label-cleanup", "-i", lab.toString(), "-o", cleaned.toString(), "--rois-out", cleanedRois.toString());
		assertEquals(0, r.code(), r.err());
		List<Roi> back = new ArrayList<>();
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(cleanedRois))) {
			for (ZipEntry e; z.getNextEntry() != null;)
				back.add(RoiDecoder.openFromByteArray(z.readAllBytes()));
		}
		ImagePlus cl = IJ.openImage(cleaned.toString());
		int[] want = new int[w * h];
		for (int i = 0; i < w * h; i++)
			want[i] = (int) cl.getProcessor().getf(i);
		assertTrue(back.size() > 0);
		assertArrayEquals(want, arr(LabelRois.fromRois(back, w, h, 1)));
		// and on one that gives neither ROIs nor labels: a usage error that says what it is for
		r = CliTest.cli("run", "gaussian-blur", "-i", lab.toString(), "-o", tmp.resolve("g.tif").toString(), "--rois-out",
				tmp.resolve("g.zip").toString());
		assertEquals(Main.USAGE, r.code(), r.err());
		assertTrue(r.err().contains("label image"), r.err());
		assertFalse(Files.exists(tmp.resolve("g.zip")));
		// ROIs but no .zip: a usage error that says so
		r = CliTest.cli("run", "labels-to-rois", "-i", lab.toString(), "-o", tmp.resolve("x.csv").toString());
		assertEquals(Main.USAGE, r.code());
	}
}
