package org.segmentij.deep.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.segmentij.InputException;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The tiling engine: runs a network over images of any size in tiles of a fixed shape, with a
 * halo discarded at inner tile borders and a cosine (or linear) blend where tiles overlap, so the
 * result matches one pass over the whole image. Tiles of one tile row are batched; tile rows are
 * processed one after the other through a band buffer of one tile height, and each image row is
 * handed to a {@link Sink} as soon as no later tile touches it. No buffer or tensor is
 * proportional to the image: the largest is the band (classes x tile height x image width).
 * Stacks and time series go slice by slice; the image's channels are the network's input
 * channels. The image is padded (mirrored) at its far borders to the network's size multiple.
 */
public final class TiledInference {

	/** Receives the result one image row at a time. */
	public interface Sink {
		/** A new 2D slice starts (z and t are 0 for axes the image lacks). */
		void slice(int z, int t);

		/**
		 * Row y of the current slice: {@code values[k * width + x]} for class k; the array is
		 * reused after the call returns.
		 */
		void row(int y, float[] values);
	}

	/** What a run did (for tests and benchmarks). */
	public static final class Stats {
		long[] maxBatchShape = new long[4];
		long[] maxOutputShape = new long[4];
		long tiles, batches, bandFloats;

		/** The largest input batch given to the network: n, c, h, w. */
		public long[] maxBatchShape() {
			return maxBatchShape.clone();
		}

		public long[] maxOutputShape() {
			return maxOutputShape.clone();
		}

		public long tiles() {
			return tiles;
		}

		public long batches() {
			return batches;
		}

		/** Floats in the largest band buffer. */
		public long bandFloats() {
			return bandFloats;
		}

		static void max(long[] acc, long[] s) {
			if (s[0] * s[1] * s[2] * s[3] > acc[0] * acc[1] * acc[2] * acc[3])
				System.arraycopy(s, 0, acc, 0, 4);
		}
	}

	private final TilePredictor predictor;
	private final int sizeMultiple;
	private final Tiling tiling;

	/**
	 * @param predictor    the network with its pre- and post-processing
	 * @param sizeMultiple tile sides must be multiples of this (2^depth for a U-Net)
	 * @param tiling       tile shape, halo, batch size, blending
	 */
	public TiledInference(TilePredictor predictor, int sizeMultiple, Tiling tiling) {
		this.predictor = predictor;
		this.sizeMultiple = Math.max(1, sizeMultiple);
		this.tiling = tiling;
	}

	/**
	 * Runs the network over every 2D slice of the image.
	 *
	 * @param image         the input (axes X, Y and optionally C, Z, T); not modified
	 * @param channels      input channels the network takes (must match the image's C size)
	 * @param classes       output channels the network gives (checked on the first batch)
	 * @param normalization fitted per channel, over the image or per slice
	 */
	public <T extends RealType<T> & NativeType<T>> Stats run(AxisImage<T> image, int channels, int classes,
			Normalization normalization, Sink sink) {
		long nc = image.size(Axis.C);
		if (nc != channels)
			throw new InputException("The model takes " + channels + " input channel(s) but '" + image.title() + "' has "
					+ nc + "; give an image with " + channels + " channel(s) (a hyperstack with a C axis for several).");
		RandomAccessibleInterval<T> v = xyczt(image);
		long w = v.dimension(0), h = v.dimension(1);
		if (w > Integer.MAX_VALUE / 4 || h > Integer.MAX_VALUE / 4)
			throw new InputException("Image '" + image.title() + "' is too large (" + w + "x" + h + ").");
		int nz = (int) v.dimension(3), nt = (int) v.dimension(4);
		Normalization.Affine[] global = null;
		if (!normalization.perSlice()) {
			global = new Normalization.Affine[channels];
			for (int c = 0; c < channels; c++)
				global[c] = normalization.fit(Views.hyperSlice(v, 2, c));
		}
		Tiling.Axis ax = tiling.layout((int) w, tiling.tileWidth(), sizeMultiple, "width");
		Tiling.Axis ay = tiling.layout((int) h, tiling.tileHeight(), sizeMultiple, "height");
		Stats stats = new Stats();
		for (int t = 0; t < nt; t++)
			for (int z = 0; z < nz; z++) {
				RandomAccessibleInterval<T> plane = Views.hyperSlice(Views.hyperSlice(v, 4, t), 3, z); // X, Y, C
				Normalization.Affine[] norm = global;
				if (norm == null) {
					norm = new Normalization.Affine[channels];
					for (int c = 0; c < channels; c++)
						norm[c] = normalization.fit(Views.hyperSlice(plane, 2, c));
				}
				sink.slice(z, t);
				slice(plane, (int) w, (int) h, channels, classes, norm, ax, ay, sink, stats);
			}
		return stats;
	}

	private <T extends RealType<T>> void slice(RandomAccessibleInterval<T> plane, int w, int h, int channels, int classes,
			Normalization.Affine[] norm, Tiling.Axis ax, Tiling.Axis ay, Sink sink, Stats stats) {
		int tw = ax.tile(), th = ay.tile();
		int nx = ax.origins().length;
		float[] band = new float[Math.multiplyExact(classes, Math.multiplyExact(th, w))];
		stats.bandFloats = Math.max(stats.bandFloats, band.length);
		float[] row = new float[classes * w];
		RandomAccess<T> ra = plane.randomAccess();
		int tileFloats = channels * th * tw;
		for (int r = 0; r < ay.origins().length; r++) {
			org.segmentij.TaskMonitor.checkCanceled("Deep inference");
			org.segmentij.TaskMonitor.progress("tiles", (long) r * nx, (long) ay.origins().length * nx);
			int y0 = ay.origins()[r];
			float[] wy = ay.weights()[r];
			for (int first = 0; first < nx; first += tiling.batchSize()) {
				int n = Math.min(tiling.batchSize(), nx - first);
				float[] in = new float[n * tileFloats];
				for (int b = 0; b < n; b++)
					copyTile(ra, w, h, channels, ax.origins()[first + b], y0, tw, th, in, b * tileFloats);
				TileBatch input = new TileBatch(in, n, channels, th, tw, norm);
				Stats.max(stats.maxBatchShape, input.shape());
				TileBatch out = predictor.predict(input);
				Stats.max(stats.maxOutputShape, out.shape());
				stats.batches++;
				stats.tiles += n;
				if (out.n() != n || out.h() != th || out.w() != tw)
					throw new IllegalStateException("The network turned a batch of " + input + " into " + out
							+ "; a segmentation network must keep the batch size and the tile's height and width.");
				if (out.c() != classes)
					throw new InputException("The network gives " + out.c() + " output channel(s) but the model declares "
							+ classes + " class(es); the model package is inconsistent.");
				float[] o = out.data();
				for (int b = 0; b < n; b++) {
					int x0 = ax.origins()[first + b];
					float[] wx = ax.weights()[first + b];
					int xe = Math.min(tw, w - x0);
					for (int k = 0; k < classes; k++)
						for (int y = 0; y < th; y++) {
							float fy = wy[y];
							if (fy == 0)
								continue;
							int src = ((b * classes + k) * th + y) * tw;
							int dst = (k * th + y) * w + x0;
							for (int x = 0; x < xe; x++)
								band[dst + x] += fy * wx[x] * o[src + x];
						}
				}
			}
			// rows no later tile row touches are final
			int next = r + 1 < ay.origins().length ? ay.origins()[r + 1] : ay.padded();
			for (int y = y0; y < Math.min(next, h); y++) {
				int by = y - y0;
				double sy = ay.sum()[y];
				for (int k = 0; k < classes; k++) {
					int src = (k * th + by) * w, dst = k * w;
					for (int x = 0; x < w; x++)
						row[dst + x] = (float) (band[src + x] / (sy * ax.sum()[x]));
				}
				sink.row(y, row);
			}
			int shift = next - y0;
			if (shift < th)
				for (int k = 0; k < classes; k++) {
					int base = k * th * w;
					System.arraycopy(band, base + shift * w, band, base, (th - shift) * w);
					Arrays.fill(band, base + (th - shift) * w, base + th * w, 0f);
				}
			else
				Arrays.fill(band, 0f);
		}
	}

	/** Copies one tile (all channels) with mirror padding beyond the image. */
	private static <T extends RealType<T>> void copyTile(RandomAccess<T> ra, int w, int h, int channels, int x0, int y0,
			int tw, int th, float[] dst, int offset) {
		int inside = Math.max(0, Math.min(tw, w - x0));
		for (int c = 0; c < channels; c++) {
			if (ra.numDimensions() > 2)
				ra.setPosition(c, 2);
			for (int y = 0; y < th; y++) {
				int sy = mirror(y0 + y, h);
				int d = offset + (c * th + y) * tw;
				ra.setPosition(sy, 1);
				if (inside > 0) {
					ra.setPosition(x0, 0);
					for (int x = 0; x < inside; x++) {
						dst[d + x] = ra.get().getRealFloat();
						ra.fwd(0);
					}
				}
				for (int x = inside; x < tw; x++) {
					ra.setPosition(mirror(x0 + x, w), 0);
					dst[d + x] = ra.get().getRealFloat();
				}
			}
		}
	}

	/** Reflection without repeating the edge pixel (numpy's "reflect"), for any distance. */
	static int mirror(int i, int n) {
		if (n == 1)
			return 0;
		int period = 2 * n - 2;
		int m = Math.floorMod(i, period);
		return m < n ? m : period - m;
	}

	/** The image as a 5D view X, Y, C, Z, T (axes it lacks get size one). */
	static <T extends NativeType<T>> RandomAccessibleInterval<T> xyczt(AxisImage<T> image) {
		RandomAccessibleInterval<T> v = image.data();
		List<Axis> axes = new ArrayList<>(image.axes());
		for (Axis a : Axis.values())
			if (!axes.contains(a)) {
				v = Views.addDimension(v, 0, 0);
				axes.add(a);
			}
		// move each axis to its place (X, Y, C, Z, T)
		for (int target = 0; target < Axis.values().length; target++) {
			int from = axes.indexOf(Axis.values()[target]);
			if (from != target) {
				v = Views.moveAxis(v, from, target);
				axes.add(target, axes.remove(from));
			}
		}
		return v;
	}
}
