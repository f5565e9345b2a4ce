package org.segmentij.deep.infer;

import java.util.ArrayList;
import java.util.List;

import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.real.FloatType;

/** Result images of a {@link TiledInference} run: probability maps or argmax labels. */
public final class Outputs {

	private Outputs() {
	}

	/**
	 * Per class, a 32-bit map: X, Y, C (one channel per class, left out for one class), and the
	 * input's Z and T. Planar, so an ImagePlus shares its planes.
	 */
	public static final class Probabilities implements TiledInference.Sink {
		private final PlanarImg<FloatType, FloatArray> img;
		private final AxisImage<FloatType> result;
		private final int classes, width, nz;
		private int z, t;

		public <T extends NativeType<T>> Probabilities(AxisImage<T> input, int classes, String title) {
			this.classes = classes;
			this.width = (int) input.size(Axis.X);
			this.nz = (int) input.size(Axis.Z);
			List<Long> dims = new ArrayList<>(List.of(input.size(Axis.X), input.size(Axis.Y)));
			List<Axis> axes = new ArrayList<>(List.of(Axis.X, Axis.Y));
			List<Integer> from = new ArrayList<>(List.of(0, 1));
			if (classes > 1) {
				dims.add((long) classes);
				axes.add(Axis.C);
				from.add(-1);
			}
			for (Axis a : List.of(Axis.Z, Axis.T))
				if (input.dimensionOf(a) >= 0) {
					dims.add(input.size(a));
					axes.add(a);
					from.add(input.dimensionOf(a));
				}
			img = PlanarImgs.floats(dims.stream().mapToLong(Long::longValue).toArray());
			result = derived(input, title, img, axes, from);
		}

		@Override
		public void slice(int z, int t) {
			this.z = z;
			this.t = t;
		}

		@Override
		public void row(int y, float[] values) {
			for (int k = 0; k < classes; k++) {
				float[] plane = img.getPlane(k + classes * (z + nz * t)).getCurrentStorageArray();
				System.arraycopy(values, k * width, plane, y * width, width);
			}
		}

		public AxisImage<FloatType> image() {
			return result;
		}
	}

	/**
	 * The most probable class per pixel (0 = the first class, the background), or for a
	 * one-channel (sigmoid) model 1 where the probability is at least 0.5: X, Y and the input's
	 * Z and T.
	 */
	public static final class Labels implements TiledInference.Sink {
		private final Img<IntType> img;
		private final RandomAccess<IntType> ra;
		private final AxisImage<IntType> result;
		private final int classes, width, zDim, tDim;

		public <T extends NativeType<T>> Labels(AxisImage<T> input, int classes, String title) {
			this.classes = classes;
			this.width = (int) input.size(Axis.X);
			List<Long> dims = new ArrayList<>(List.of(input.size(Axis.X), input.size(Axis.Y)));
			List<Axis> axes = new ArrayList<>(List.of(Axis.X, Axis.Y));
			List<Integer> from = new ArrayList<>(List.of(0, 1));
			int zd = -1, td = -1;
			for (Axis a : List.of(Axis.Z, Axis.T))
				if (input.dimensionOf(a) >= 0) {
					if (a == Axis.Z)
						zd = dims.size();
					else
						td = dims.size();
					dims.add(input.size(a));
					axes.add(a);
					from.add(input.dimensionOf(a));
				}
			zDim = zd;
			tDim = td;
			img = LabelImages.create(dims.stream().mapToLong(Long::longValue).toArray());
			ra = img.randomAccess();
			result = derived(input, title, img, axes, from);
		}

		@Override
		public void slice(int z, int t) {
			if (zDim >= 0)
				ra.setPosition(z, zDim);
			if (tDim >= 0)
				ra.setPosition(t, tDim);
		}

		@Override
		public void row(int y, float[] values) {
			ra.setPosition(y, 1);
			ra.setPosition(0, 0);
			for (int x = 0; x < width; x++) {
				int best;
				if (classes == 1)
					best = values[x] >= 0.5f ? 1 : 0;
				else {
					best = 0;
					float bv = values[x];
					for (int k = 1; k < classes; k++) {
						float v = values[k * width + x];
						if (v > bv) {
							bv = v;
							best = k;
						}
					}
				}
				ra.get().set(best);
				ra.fwd(0);
			}
		}

		public AxisImage<IntType> image() {
			return result;
		}
	}

	/** A result with the input's calibration on the axes it shares with it. */
	private static <T extends NativeType<T>, U extends NativeType<U>> AxisImage<U> derived(AxisImage<T> input, String title,
			Img<U> data, List<Axis> axes, List<Integer> from) {
		int n = axes.size();
		double[] scale = new double[n], origin = new double[n];
		String[] units = new String[n];
		double[] is = input.scale(), io = input.origin();
		String[] iu = input.units();
		for (int d = 0; d < n; d++) {
			int f = from.get(d);
			scale[d] = f < 0 ? 1 : is[f];
			origin[d] = f < 0 ? 0 : io[f];
			units[d] = f < 0 ? org.segmentij.image.ImagePlusAdapter.CHANNEL_UNIT : iu[f];
		}
		return new AxisImage<>(title, data, axes, scale, origin, units);
	}
}
