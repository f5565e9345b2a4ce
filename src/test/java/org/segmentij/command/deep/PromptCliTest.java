package org.segmentij.command.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.cli.Main;
import org.segmentij.deep.prompt.PromptEvaluation;
import org.segmentij.ij1.LabelRois;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.RoiGroundTruth;
import org.segmentij.service.RoiSet;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.io.FileSaver;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

/**
 * {@code segmentij run prompt --rois prompts.zip -i IN -o labels.tif --rois-out objects.zip} with
 * the shipped model on generated nuclei: one label per prompt on its nucleus, and the object ROIs
 * give the same labels back.
 */
class PromptCliTest {

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

	@Test
	void pointsAndBoxesInLabelsAndRoisOut() throws Exception {
		int w = 176, h = 144;
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(w, h, 9, 777).withRadius(10, 17));
		Path in = tmp.resolve("in.tif");
		new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("in", s.image(), Axis.X, Axis.Y))).saveAsTiff(in.toString());
		int[] lab = new int[w * h];
		Cursor<IntType> c = s.labels().cursor();
		for (int i = 0; c.hasNext(); i++)
			lab[i] = c.next().get();
		PromptEvaluation.Truth t = PromptEvaluation.Truth.of(lab, w, h);
		int[] present = t.present();
		// all nuclei but the last: one multi-point ROI (each point one object); the last: a box
		int n = present.length;
		int[] xs = new int[n - 1], ys = new int[n - 1];
		for (int k = 0; k < n - 1; k++) {
			xs[k] = (int) Math.round(t.centre()[present[k]][0]);
			ys[k] = (int) Math.round(t.centre()[present[k]][1]);
		}
		int[] b = t.box()[present[n - 1]];
		Roi box = new Roi(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1);
		Path prompts = tmp.resolve("prompts.zip"), labels = tmp.resolve("labels.tif"), objects = tmp.resolve("objects.zip");
		Files.write(prompts, new RoiSet("prompts", List.of(new PointRoi(xs, ys, n - 1), box)).zip());
		StringBuilder log = new StringBuilder();
		assertEquals(0, cli(log, "run", "prompt", "--param", "model=nuclei-prompt", "--param", "device=cpu", "--rois", prompts.toString(), "-i",
				in.toString(), "-o", labels.toString(), "--rois-out", objects.toString()), log.toString());
		ImagePlus out = IJ.openImage(labels.toString());
		Img<IntType> got = LabelImages.fromImagePlus(out);
		assertEquals(n, LabelImages.maxLabel(got), log.toString());
		// label k + 1 is prompt k's nucleus
		int[] g = new int[w * h];
		Cursor<IntType> gc = got.cursor();
		for (int i = 0; gc.hasNext(); i++)
			g[i] = gc.next().get();
		for (int k = 0; k < n; k++) {
			long inter = 0, union = 0;
			for (int i = 0; i < g.length; i++) {
				boolean p = g[i] == k + 1, q = lab[i] == present[k];
				inter += p && q ? 1 : 0;
				union += p || q ? 1 : 0;
			}
			assertTrue((double) inter / union > 0.5, "object " + (k + 1) + " is its prompt's nucleus: IoU " + (double) inter / union);
		}
		// the ROIs written give the same label image back
		List<Roi> rois = RoiGroundTruth.read(objects);
		assertEquals(n, rois.size());
		Img<IntType> back = LabelRois.fromRois(rois, w, h, 1);
		Cursor<IntType> bc = back.cursor();
		for (int i = 0; bc.hasNext(); i++)
			assertEquals(g[i], bc.next().get());
		// -o objects.zip alone writes the ROIs
		Path only = tmp.resolve("only.zip");
		assertEquals(0, cli(log, "run", "prompt", "--param", "device=cpu", "--rois", prompts.toString(), "-i", in.toString(), "-o", only.toString()),
				log.toString());
		assertEquals(n, RoiGroundTruth.read(only).size());
	}

	@Test
	void aSamFamilyModelRunsThroughTheSameCommand() throws Exception {
		// the tiny random SAM-style TorchScript pair of the SAM tests: the command's plumbing, not its accuracy
		Path in = tmp.resolve("in.tif");
		new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("in",
				SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(80, 64, 3, 5)).image(), Axis.X, Axis.Y))).saveAsTiff(in.toString());
		Path prompts = tmp.resolve("p.zip"), labels = tmp.resolve("sam_labels.tif");
		Roi box = new Roi(30, 20, 20, 16);
		PointRoi pts = new PointRoi(new int[] { 10, 60 }, new int[] { 10, 50 }, 2);
		pts.setGroup(2); // these two clicks are one object: a positive click, then a refining one
		Files.write(prompts, new RoiSet("p", List.of(pts, box)).zip());
		StringBuilder log = new StringBuilder();
		Path sam = Path.of("src", "test", "resources", "sam", "tiny").toAbsolutePath();
		assertEquals(0, cli(log, "run", "prompt", "--param", "model=" + sam, "--param", "device=cpu", "--rois", prompts.toString(), "-i",
				in.toString(), "-o", labels.toString()), log.toString());
		ImagePlus out = IJ.openImage(labels.toString());
		assertEquals(80, out.getWidth());
		assertTrue(out.getStatistics().max <= 2, log.toString());
	}

	@Test
	void clearErrorsWithoutPromptsOrForTechniquesWithoutRois() throws Exception {
		Path in = tmp.resolve("in.tif");
		new FileSaver(ImagePlusAdapter.toImagePlus(AxisImage.of("in",
				SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(64, 64, 3, 1)).image(), Axis.X, Axis.Y))).saveAsTiff(in.toString());
		Path prompts = tmp.resolve("p.zip");
		Files.write(prompts, new RoiSet("p", List.of(new PointRoi(10, 10))).zip());
		StringBuilder log = new StringBuilder();
		assertEquals(2, cli(log, "run", "otsu", "--rois", prompts.toString(), "-i", in.toString(), "-o", tmp.resolve("o.tif").toString()));
		assertTrue(log.toString().contains("takes no ROIs"), log.toString());
		log.setLength(0);
		assertEquals(2, cli(log, "run", "prompt", "-i", in.toString(), "-o", tmp.resolve("o.tif").toString()));
		assertTrue(log.toString().contains("needs prompts"), log.toString());
		log.setLength(0);
		assertEquals(3, cli(log, "run", "prompt", "--param", "model=nuclei-unet", "--rois", prompts.toString(), "-i", in.toString(), "-o",
				tmp.resolve("o.tif").toString()));
		assertTrue(log.toString().contains("not a promptable"), log.toString());
		log.setLength(0);
		assertEquals(3, cli(log, "run", "prompt", "--rois", tmp.resolve("missing.zip").toString(), "-i", in.toString(), "-o",
				tmp.resolve("o.tif").toString()));
		assertTrue(log.toString().contains("does not exist"), log.toString());
	}
}
