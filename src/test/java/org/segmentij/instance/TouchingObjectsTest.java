package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segmentij.classical.region.ConnectedComponents.Connectivity;
import org.segmentij.classical.region.LabelTools;
import org.segmentij.classical.region.Watershed;
import org.segmentij.image.LabelImages;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.InstanceMatching;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;

/** The classical pipeline (distance-transform watershed, then label clean-up) separates touching objects. */
class TouchingObjectsTest {

	/** Discs and ellipses in touching pairs and triples: the count and each object (IoU > 0.8) come back. */
	@Test
	void touchingDisksAndEllipsesAreSeparated() {
		int w = 200, h = 120;
		int[] truth = new int[w * h];
		double[][] shapes = { // cx, cy, a, b, angle
				{ 30, 30, 14, 14, 0 }, { 57, 30, 14, 14, 0 }, // two discs overlapping by 1 px
				{ 110, 30, 12, 12, 0 }, { 133, 30, 12, 12, 0 }, { 121.5, 50, 12, 12, 0 }, // a triple
				{ 35, 85, 20, 10, 0.3 }, { 70, 95, 18, 11, -0.4 }, // ellipses touching end to side
				{ 130, 90, 16, 9, 1.2 }, { 152, 90, 16, 9, 1.9 }, { 175, 90, 10, 10, 0 } };
		boolean[] fg = new boolean[w * h];
		int n = 0;
		for (double[] s : shapes) {
			n++;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double u = ((x - s[0]) * Math.cos(s[4]) + (y - s[1]) * Math.sin(s[4])) / s[2];
					double v = (-(x - s[0]) * Math.sin(s[4]) + (y - s[1]) * Math.cos(s[4])) / s[3];
					if (u * u + v * v <= 1) {
						if (truth[y * w + x] == 0)
							truth[y * w + x] = n;
						fg[y * w + x] = true;
					}
				}
		}
		byte[] mask = new byte[w * h];
		for (int i = 0; i < mask.length; i++)
			mask[i] = (byte) (fg[i] ? 1 : 0);
		Img<IntType> split = Watershed.splitTouching(ArrayImgs.unsignedBytes(mask, w, h), null, 1.5, Connectivity.FULL);
		Img<IntType> clean = LabelTools.relabelSequential(LabelTools.removeSmall(split, 30));
		assertEquals(n, LabelImages.maxLabel(clean));
		var r = InstanceMatching.match(clean, ArrayImgs.ints(truth, w, h), 0.8);
		assertEquals(n, r.tp(), r.toString());
	}

	/**
	 * On synthetic nuclei (touching ones included): the pipeline of pipelines/nuclei.pipeline
	 * (h = 1) never finds fewer objects than the mask's connected components, and what it splits
	 * off is real (precision at IoU 0.5 above 0.95); the count is printed for the report.
	 */
	@Test
	void syntheticNucleiCount() {
		for (long seed = 4; seed <= 6; seed++) {
			SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(512, 512, 60, seed));
			var mask = SyntheticNuclei.mask(s.labels());
			Img<IntType> split = Watershed.splitTouching(mask, null, 1, Connectivity.FULL);
			Img<IntType> clean = LabelTools.relabelSequential(LabelTools.removeSmall(LabelTools.fillHoles(split), 30));
			int found = LabelImages.maxLabel(clean), truth = s.count();
			int components = LabelImages.maxLabel(org.segmentij.classical.region.ConnectedComponents.label(mask, Connectivity.FULL));
			var r = InstanceMatching.match(clean, s.labels(), 0.5);
			System.out.println("synthetic nuclei 512^2 seed " + seed + ": truth " + truth + ", connected components " + components
					+ ", found " + found + ", precision " + r.precision() + ", recall " + r.recall());
			assertTrue(found >= components, "found " + found + " < components " + components);
			assertTrue(r.precision() > 0.95, r.toString());
		}
	}
}
