package org.segmentij.command.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.segmentij.image.Axis;
import org.segmentij.instance.BoundaryInstances;

import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * How Deep Instances labels the probabilities of a Z-stack (and a time series of stacks): one 3D
 * object per ball with stack=3d, one 2D object per slice with stack=slices.
 */
class DeepInstancesStackTest {

	private static final DeepInstancesCommand.Labeller DISTANCE = (b, i, spacing) -> BoundaryInstances.segmentDistanceSeeds(b, i,
			BoundaryInstances.Params.defaults(), spacing.length > 2 ? 1 : 3, 2, spacing);

	/**
	 * Background and interior probabilities of a ball of radius r (voxel units x, y; slices of
	 * {@code depth}) centred in a w x w x d stack, repeated over {@code frames} time points;
	 * interior deeper than 1.5 from the surface. Returns {bg, in, truth (1 in the ball)}.
	 */
	private static Img<?>[] ball(int w, int d, int frames, double r, double depth) {
		long[] dims = frames > 1 ? new long[] { w, w, d, frames } : new long[] { w, w, d };
		Img<FloatType> bg = ArrayImgs.floats(dims), in = ArrayImgs.floats(dims);
		Img<IntType> truth = ArrayImgs.ints(dims);
		Cursor<FloatType> cb = bg.localizingCursor(), ci = in.cursor();
		Cursor<IntType> ct = truth.cursor();
		double c = (w - 1) / 2.0, cz = (d - 1) / 2.0;
		while (cb.hasNext()) {
			cb.fwd();
			ci.fwd();
			ct.fwd();
			double dist = Math.sqrt(sq(cb.getDoublePosition(0) - c) + sq(cb.getDoublePosition(1) - c)
					+ sq((cb.getDoublePosition(2) - cz) * depth));
			cb.get().set(dist <= r ? 0.05f : 0.95f);
			ci.get().set(dist <= r - 1.5 ? 0.9f : dist <= r ? 0.3f : 0.02f);
			ct.get().set(dist <= r ? 1 : 0);
		}
		return new Img<?>[] { bg, in, truth };
	}

	private static double sq(double v) {
		return v * v;
	}

	@SuppressWarnings("unchecked")
	private static Img<IntType> label(Img<?>[] v, List<Axis> axes, boolean threeD, double depth) {
		return DeepInstancesCommand.labelStack((Img<FloatType>) v[0], (Img<FloatType>) v[1], axes,
				new double[] { 0.5, 0.5, 0.5 * depth }, threeD, depth, DISTANCE);
	}

	private static int[] flat(Img<IntType> img) {
		int[] a = new int[(int) img.size()];
		Cursor<IntType> c = img.cursor();
		for (int i = 0; c.hasNext(); i++)
			a[i] = c.next().get();
		return a;
	}

	@Test
	@SuppressWarnings("unchecked")
	void aBallInAStackIsOne3DObjectNotOnePerSlice() {
		int w = 36, d = 28;
		Img<?>[] v = ball(w, d, 1, 12, 1);
		int[] truth = flat((Img<IntType>) v[2]);
		int[] three = flat(label(v, List.of(Axis.X, Axis.Y, Axis.Z), true, 1));
		assertArrayEquals(truth, three, "stack=3d: the ball is object 1");
		int[] slices = flat(label(v, List.of(Axis.X, Axis.Y, Axis.Z), false, 1));
		// stack=slices: one object per slice that cuts the ball's interior, each with a label of its own
		float[] in = new float[truth.length];
		Cursor<FloatType> ci = ((Img<FloatType>) v[1]).cursor();
		for (int i = 0; i < in.length; i++)
			in[i] = ci.next().get();
		int plane = w * w, cut = 0;
		TreeSet<Integer> all = new TreeSet<>();
		for (int z = 0; z < d; z++) {
			TreeSet<Integer> here = new TreeSet<>();
			boolean interior = false;
			for (int i = z * plane; i < (z + 1) * plane; i++) {
				assertTrue(slices[i] == 0 || truth[i] != 0, "2D objects lie in the ball");
				interior |= in[i] > 0.5;
				if (slices[i] != 0)
					here.add(slices[i]);
			}
			if (interior) {
				cut++;
				assertEquals(1, here.size(), "slice " + z + ": one 2D object");
				assertTrue(all.add(here.first()), "slice " + z + ": a label not used in another slice");
				for (int i = z * plane; i < (z + 1) * plane; i++)
					assertEquals(truth[i] != 0, slices[i] != 0, "slice " + z + ": the object is the ball's section");
			} else
				assertTrue(here.isEmpty(), "slice " + z + ": no interior, no seed");
		}
		assertEquals(cut, all.size());
		assertTrue(cut >= 18, "the interior spans about 2 x 10.5 slices (" + cut + ")");
	}

	@Test
	@SuppressWarnings("unchecked")
	void anisotropicVoxelsAndFramesEachFrameItsOwn3DObjects() {
		// a ball of radius 12 in physical units in voxels twice as deep as wide, over two frames
		int w = 32, d = 16;
		double depth = 2;
		Img<?>[] v = ball(w, d, 2, 12, depth);
		int[] truth = flat((Img<IntType>) v[2]);
		int[] lab = flat(label(v, List.of(Axis.X, Axis.Y, Axis.Z, Axis.T), true, depth));
		assertArrayEquals(truth, lab, "one object, labelled 1 in each frame");
	}
}
