package org.segmentij.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.segmentij.UsageException;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * 3D objects from probability volumes painted analytically from known balls: the 3D distance
 * seeds and the 3D watershed give back those balls, with the voxel depth honoured.
 */
class BoundaryInstances3DTest {

	/** Probability volumes and the true labels of balls given in physical units (voxels {@code 1 x 1 x depth}). */
	private record Volume(Img<FloatType> bg, Img<FloatType> in, int[] truth, int w, int h, int d) {
	}

	/**
	 * Balls {x, y, z, r} in physical units (a voxel is 1 x 1 x depth): background 0.95 outside
	 * all balls; inside, interior probability 0.9 deeper than 1.5 units from the ball's surface,
	 * 0.3 in the rim. Where two balls overlap the interior is not interrupted (the network missed
	 * the boundary): only the shape can split them. Truth: the ball whose centre is nearest
	 * relative to its radius.
	 */
	private static Volume paint(int w, int h, int d, double depth, double[][] balls) {
		int n = w * h * d;
		float[] bg = new float[n], in = new float[n];
		int[] truth = new int[n];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int i = (z * h + y) * w + x, best = 0;
					double bestR = Double.MAX_VALUE;
					boolean deep = false;
					for (int k = 0; k < balls.length; k++) {
						double[] b = balls[k];
						double dist = Math.sqrt(sq(x - b[0]) + sq(y - b[1]) + sq((z - b[2]) * depth));
						if (dist <= b[3] && dist / b[3] < bestR) {
							bestR = dist / b[3];
							best = k + 1;
						}
						deep |= dist <= b[3] - 1.5;
					}
					truth[i] = best;
					bg[i] = best == 0 ? 0.95f : 0.05f;
					in[i] = deep ? 0.9f : best > 0 ? 0.3f : 0.02f;
				}
		return new Volume(ArrayImgs.floats(bg, w, h, d), ArrayImgs.floats(in, w, h, d), truth, w, h, d);
	}

	private static double sq(double v) {
		return v * v;
	}

	private static int[] flat(Img<IntType> lab) {
		int[] l = new int[(int) lab.size()];
		var c = lab.cursor(); // ArrayImg: flat order
		for (int i = 0; c.hasNext(); i++)
			l[i] = c.next().get();
		return l;
	}

	private static int max(int[] l) {
		int m = 0;
		for (int v : l)
			m = Math.max(m, v);
		return m;
	}

	/** IoU of truth label k with the object that covers most of it, and that object. */
	private static double[] bestIoU(int[] truth, int[] lab, int k) {
		int m = max(lab);
		long[] inter = new long[m + 1], size = new long[m + 1];
		long t = 0;
		for (int i = 0; i < lab.length; i++) {
			size[lab[i]]++;
			if (truth[i] == k) {
				t++;
				inter[lab[i]]++;
			}
		}
		int o = 1;
		for (int j = 1; j <= m; j++)
			if (inter[j] > inter[o])
				o = j;
		return new double[] { inter[o] / (double) (t + size[o] - inter[o]), o };
	}

	@Test
	void twoTouchingBallsSplitIntoTwo3DObjects() {
		// radius 11, centres 18 apart: their interiors join through a disc of radius sqrt(9.5^2 - 9^2) ~ 3
		Volume v = paint(56, 36, 36, 1, new double[][] { { 18, 18, 18, 11 }, { 36, 18, 18, 11 } });
		BoundaryInstances.Params p = BoundaryInstances.Params.defaults();
		assertEquals(1, max(flat(BoundaryInstances.segment(v.bg, v.in, p))), "interior seeds: one joined interior, one object");
		int[] lab = flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 1, 1, 1 }));
		assertEquals(2, max(lab), "distance seeds in 3D: two objects");
		double[] a = bestIoU(v.truth, lab, 1), b = bestIoU(v.truth, lab, 2);
		assertTrue(a[1] != b[1], "the balls get different objects");
		assertTrue(a[0] > 0.9 && b[0] > 0.9, "IoU with the true balls " + a[0] + ", " + b[0]);
		for (int i = 0; i < lab.length; i++)
			assertEquals(v.truth[i] == 0, lab[i] == 0, "the objects cover exactly the foreground");
	}

	@Test
	void oneBallIsOne3DObjectWhateverTheSmoothing() {
		Volume v = paint(40, 40, 40, 1, new double[][] { { 20, 19, 21, 13 } });
		for (double sigma : new double[] { 0, 2 }) {
			int[] lab = flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, BoundaryInstances.Params.defaults(), 1, sigma,
					new double[] { 1, 1, 1 }));
			assertEquals(1, max(lab), "sigma " + sigma + ": one object");
			for (int i = 0; i < lab.length; i++)
				assertEquals(v.truth[i], lab[i], "the object is the ball");
		}
	}

	/**
	 * Two balls of radius 12 (physical units) on top of each other, centres 18 apart along z, in
	 * voxels three times as deep as wide: in voxels each is an ellipsoid of semi-axes 12, 12, 4.
	 * With the true voxel depth the distance transform of the interior (balls of radius 10.5) has
	 * two peaks of 10.5 and a neck of sqrt(10.5^2 - 9^2) = 5.4 between them: two objects. Taken as
	 * cubic voxels, the joined interiors are a flat lens whose halves are 3.5 voxels high and
	 * whose distance is highest at the neck (a disc of radius 5.4): one object.
	 */
	@Test
	void voxelDepthIsHonoured() {
		double depth = 3;
		Volume v = paint(40, 40, 21, depth, new double[][] { { 20, 20, 7.5, 12 }, { 20, 20, 13.5, 12 } });
		BoundaryInstances.Params p = BoundaryInstances.Params.defaults();
		int[] lab = flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 1, 1, depth }));
		assertEquals(2, max(lab), "with the voxel depth: two objects");
		double[] a = bestIoU(v.truth, lab, 1), b = bestIoU(v.truth, lab, 2);
		assertTrue(a[1] != b[1], "the balls get different objects");
		assertTrue(a[0] > 0.85 && b[0] > 0.85, "IoU with the true balls " + a[0] + ", " + b[0]);
		// the spacing is relative to the first axis: calibrations {0.2, 0.2, 0.6} and {1, 1, 3} agree
		assertEquals(java.util.Arrays.toString(lab), java.util.Arrays.toString(
				flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 0.2, 0.2, 0.6 }))));
		assertEquals(1, max(flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 1, 1, 1 }))),
				"taken as cubic voxels: one flat object");
		assertThrows(UsageException.class, () -> BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 1, 1, 0 }));
		assertThrows(UsageException.class, () -> BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, p, 1, 2, new double[] { 1, 1 }));
	}

	/**
	 * An ellipsoid that is a ball in physical units (semi-axes 12, 12 and 6 slices, voxels twice as
	 * deep as wide): one object covering it exactly.
	 */
	@Test
	void aBallInPhysicalUnitsIsOneObject() {
		double depth = 2;
		Volume v = paint(36, 36, 20, depth, new double[][] { { 18, 17, 9.5, 12 } });
		int[] lab = flat(BoundaryInstances.segmentDistanceSeeds(v.bg, v.in, BoundaryInstances.Params.defaults(), 1, 2,
				new double[] { 1, 1, depth }));
		assertEquals(1, max(lab));
		for (int i = 0; i < lab.length; i++)
			assertEquals(v.truth[i], lab[i]);
	}
}
