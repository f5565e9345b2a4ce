package org.segmentij.deep.infer;

import java.util.Locale;

import org.segmentij.UsageException;

/**
 * How an image is cut into tiles.
 *
 * @param tileWidth  tile width in pixels, a multiple of the network's size multiple; 0 for the
 *                   whole (padded) width in one tile
 * @param tileHeight tile height, likewise
 * @param halo       pixels at each inner tile border whose prediction is discarded (at least
 *                   the network's receptive-field radius for seamless results); the same width
 *                   again (at least) is blended between neighbouring tiles
 * @param batchSize  tiles per network call
 * @param blend      weight ramp in the overlap of two tiles
 */
public record Tiling(int tileWidth, int tileHeight, int halo, int batchSize, Blend blend) {

	public enum Blend {
		COSINE, LINEAR;

		public static Blend parse(String s) {
			for (Blend b : values())
				if (b.name().equalsIgnoreCase(s))
					return b;
			throw new UsageException("Unknown blending '" + s + "'; use cosine or linear.");
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public Tiling {
		if (tileWidth < 0 || tileHeight < 0)
			throw new UsageException("tile size must be >= 0 (got " + tileWidth + "x" + tileHeight + "); use e.g. tile=256, or 0 for no tiling.");
		if (halo < 0)
			throw new UsageException("halo must be >= 0 (got " + halo + "); use e.g. halo=16.");
		if (batchSize < 1)
			throw new UsageException("batch size must be >= 1 (got " + batchSize + "); use e.g. batch=4.");
		if (blend == null)
			blend = Blend.COSINE;
	}

	/** Square tiles. */
	public static Tiling of(int tile, int halo, int batchSize) {
		return new Tiling(tile, tile, halo, batchSize, Blend.COSINE);
	}

	/** The whole image in one tile (padded to the size multiple). */
	public static Tiling untiled() {
		return new Tiling(0, 0, 0, 1, Blend.COSINE);
	}

	public Tiling withBlend(Blend b) {
		return new Tiling(tileWidth, tileHeight, halo, batchSize, b);
	}

	/**
	 * Tile origins and weights along one axis.
	 *
	 * @param padded  image size rounded up to the size multiple
	 * @param tile    tile size used (≤ padded, a multiple of the size multiple)
	 * @param origins tile origins, multiples of the size multiple, the last at {@code padded - tile}
	 * @param weights per origin, the weight of each of the tile's pixels
	 * @param sum     per image pixel (up to the padded size), the sum of the weights of the tiles covering it
	 */
	record Axis(int padded, int tile, int[] origins, float[][] weights, double[] sum) {
	}

	/** The layout along an axis of {@code size} pixels for a tile size (0: whole) and size multiple. */
	Axis layout(int size, int tileSize, int multiple, String axisName) {
		if (multiple < 1)
			throw new IllegalArgumentException("size multiple " + multiple);
		int padded = roundUp(size, multiple);
		if (tileSize > 0 && tileSize % multiple != 0)
			throw new UsageException("The tile " + axisName + " (" + tileSize + ") must be a multiple of " + multiple
					+ " for this network; use e.g. " + roundUp(tileSize, multiple) + ".");
		int t = tileSize == 0 ? padded : Math.min(tileSize, padded);
		int[] origins;
		int ramp;
		if (t == padded) {
			origins = new int[] { 0 };
			ramp = 0;
		}
		else {
			int stride = halo == 0 ? t : (t - 3 * halo) / multiple * multiple;
			if (stride < multiple)
				throw new UsageException("The tile " + axisName + " (" + t + ") is too small for halo " + halo
						+ ": tiles must be at least 3*halo + " + multiple + " = " + (3 * halo + multiple)
						+ " pixels; use a larger tile or a smaller halo.");
			ramp = t - 2 * halo - stride;
			int n = (padded - t + stride - 1) / stride + 1;
			origins = new int[n];
			for (int i = 0; i < n - 1; i++)
				origins[i] = i * stride;
			origins[n - 1] = padded - t;
		}
		float[][] weights = new float[origins.length][];
		double[] sum = new double[padded];
		for (int i = 0; i < origins.length; i++) {
			boolean innerLow = origins[i] > 0, innerHigh = origins[i] + t < padded;
			float[] w = new float[t];
			for (int j = 0; j < t; j++) {
				double v = 1;
				if (innerLow)
					v *= ramp(j - halo, ramp);
				if (innerHigh)
					v *= ramp(t - 1 - j - halo, ramp);
				w[j] = (float) v;
				sum[origins[i] + j] += w[j];
			}
			weights[i] = w;
		}
		for (int j = 0; j < padded; j++)
			if (!(sum[j] > 0))
				throw new IllegalStateException("tiling leaves pixel " + j + " of " + axisName + " uncovered");
		return new Axis(padded, t, origins, weights, sum);
	}

	/** Weight at distance d past the discarded halo, over a ramp of the given width. */
	private double ramp(int d, int width) {
		if (d < 0)
			return 0;
		if (d >= width)
			return 1;
		double x = (d + 0.5) / width;
		return blend == Blend.LINEAR ? x : 0.5 - 0.5 * Math.cos(Math.PI * x);
	}

	static int roundUp(int v, int m) {
		return (v + m - 1) / m * m;
	}
}
