package org.segmentij.command.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.segmentij.service.SegmentIJ;
import org.segmentij.service.SegmentationService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

/**
 * The classical distance-transform watershed (as in pipelines/nuclei.pipeline) on a Z-stack is
 * 3D and takes the voxel depth from the calibration.
 */
class DistanceWatershedAnisotropyTest {

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

	static final int W = 40, D = 21;
	static final double DEPTH = 3, R = 12;
	static final double[][] CENTRES = { { 20, 20, 7.5 }, { 20, 20, 13.5 } }; // 18 apart along z in physical units

	/** 1 or 2: the ball (radius 12 physical, voxels 1 x 1 x 3) nearest to the voxel, 0 outside both. */
	static int truth(int x, int y, int z) {
		int best = 0;
		double bd = Double.MAX_VALUE;
		for (int k = 0; k < 2; k++) {
			double d = Math.sqrt(Math.pow(x - CENTRES[k][0], 2) + Math.pow(y - CENTRES[k][1], 2) + Math.pow((z - CENTRES[k][2]) * DEPTH, 2));
			if (d <= R && d < bd) {
				bd = d;
				best = k + 1;
			}
		}
		return best;
	}

	static ImagePlus mask(double pixelDepth) {
		ImageStack st = new ImageStack(W, W);
		for (int z = 0; z < D; z++) {
			ByteProcessor bp = new ByteProcessor(W, W);
			for (int y = 0; y < W; y++)
				for (int x = 0; x < W; x++)
					bp.set(x, y, truth(x, y, z) > 0 ? 255 : 0);
			st.addSlice(bp);
		}
		ImagePlus imp = new ImagePlus("balls", st);
		Calibration c = new Calibration();
		c.pixelWidth = c.pixelHeight = 0.5;
		c.pixelDepth = 0.5 * pixelDepth;
		c.setUnit("micron");
		imp.setCalibration(c);
		return imp;
	}

	/**
	 * With the true voxel depth the distance map has two peaks of 12 and a neck of
	 * sqrt(12^2 - 9^2) = 7.9 between them: two objects, one per ball. Read as cubic voxels the
	 * pair is a lens 4 slices high on each side whose distance is highest at the neck (a disc of
	 * radius 7.9): one object.
	 */
	@Test
	void touchingBallsOnTopOfEachOtherSplitOnlyWithTheVoxelDepth() {
		ImagePlus out = service.run("distance-watershed", mask(DEPTH), Map.of("h", "0.5")).image();
		assertEquals(D, out.getStackSize(), "a 3D result");
		long[][] overlap = new long[3][3];
		int max = 0;
		for (int z = 0; z < D; z++)
			for (int y = 0; y < W; y++)
				for (int x = 0; x < W; x++) {
					int l = (int) out.getStack().getProcessor(z + 1).getf(x, y);
					max = Math.max(max, l);
					assertTrue(l <= 2, "at most two objects (got label " + l + ")");
					assertEquals(truth(x, y, z) > 0, l > 0, "the objects cover the mask");
					overlap[truth(x, y, z)][l]++;
				}
		assertEquals(2, max, "two 3D objects");
		for (int k = 1; k <= 2; k++) {
			int o = overlap[k][1] >= overlap[k][2] ? 1 : 2;
			long inBall = overlap[k][1] + overlap[k][2], ofObject = overlap[1][o] + overlap[2][o];
			double iou = overlap[k][o] / (double) (inBall + ofObject - overlap[k][o]);
			assertTrue(iou > 0.9, "ball " + k + ": IoU " + iou);
		}
		assertTrue((overlap[1][1] > overlap[1][2]) != (overlap[2][1] > overlap[2][2]), "one object per ball");
		ImagePlus cubic = service.run("distance-watershed", mask(1), Map.of("h", "0.5")).image();
		float top = 0;
		for (int z = 1; z <= D; z++)
			top = Math.max(top, (float) cubic.getStack().getProcessor(z).getStatistics().max);
		assertEquals(1, top, 0, "cubic voxels: one object");
	}
}
