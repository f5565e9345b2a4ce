package org.segmentij.deep.prompt;

/**
 * The two resamplings SAM's pre- and post-processing use, on row-major float planes (index
 * {@code y * w + x}), pixel centres at half-integer positions (align_corners = false):
 * <ul>
 * <li>{@link #antialiased}: separable triangle filter whose support widens with the downscaling
 * factor (so a shrunk image is averaged, not sampled), as PIL's bilinear resize and PyTorch's
 * {@code interpolate(mode="bilinear", antialias=True)}; for enlargements this is plain bilinear
 * interpolation;</li>
 * <li>{@link #bilinear}: plain bilinear interpolation between the two nearest samples, the source
 * position clamped at 0 and at the last sample, as PyTorch's {@code interpolate(mode="bilinear",
 * align_corners=False)} that SAM uses to upscale its masks.</li>
 * </ul>
 */
final class Resample {

	private Resample() {
	}

	/** Per output sample: the first input sample and the weights of the following ones. */
	private record Taps(int[] first, double[][] weights) {
	}

	/** Resizes a w x h plane to nw x nh with the antialiased triangle filter. */
	static float[] antialiased(float[] src, int w, int h, int nw, int nh) {
		return separable(src, w, h, nw, nh, antialiasTaps(w, nw), antialiasTaps(h, nh));
	}

	/** Resizes a w x h plane to nw x nh by plain bilinear interpolation. */
	static float[] bilinear(float[] src, int w, int h, int nw, int nh) {
		return separable(src, w, h, nw, nh, bilinearTaps(w, nw), bilinearTaps(h, nh));
	}

	/** The top-left nw x nh part of a w x h plane. */
	static float[] crop(float[] src, int w, int nw, int nh) {
		float[] r = new float[nw * nh];
		for (int y = 0; y < nh; y++)
			System.arraycopy(src, y * w, r, y * nw, nw);
		return r;
	}

	/** A w x h plane in the top-left corner of a nw x nh plane filled with {@code fill}. */
	static float[] pad(float[] src, int w, int h, int nw, int nh, float fill) {
		float[] r = new float[nw * nh];
		if (fill != 0)
			java.util.Arrays.fill(r, fill);
		for (int y = 0; y < h; y++)
			System.arraycopy(src, y * w, r, y * nw, w);
		return r;
	}

	private static float[] separable(float[] src, int w, int h, int nw, int nh, Taps tx, Taps ty) {
		if (src.length != w * h)
			throw new IllegalArgumentException("plane of " + src.length + " values is not " + w + " x " + h);
		float[] rows = new float[nw * h];
		for (int y = 0; y < h; y++) {
			int o = y * w;
			for (int x = 0; x < nw; x++) {
				double[] wt = tx.weights[x];
				int f = o + tx.first[x];
				double s = 0;
				for (int k = 0; k < wt.length; k++)
					s += wt[k] * src[f + k];
				rows[y * nw + x] = (float) s;
			}
		}
		float[] out = new float[nw * nh];
		double[] acc = new double[nw];
		for (int y = 0; y < nh; y++) {
			java.util.Arrays.fill(acc, 0);
			double[] wt = ty.weights[y];
			for (int k = 0; k < wt.length; k++) {
				int o = (ty.first[y] + k) * nw;
				double c = wt[k];
				for (int x = 0; x < nw; x++)
					acc[x] += c * rows[o + x];
			}
			for (int x = 0; x < nw; x++)
				out[y * nw + x] = (float) acc[x];
		}
		return out;
	}

	/**
	 * Triangle-filter taps for n -> m samples: output sample i is centred at
	 * {@code c = (i + 0.5) * n / m} in input coordinates; the filter reaches {@code max(1, n/m)}
	 * input samples either side, input sample j (centre j + 0.5) weighs
	 * {@code max(0, 1 - |j + 0.5 - c| / max(1, n/m))}, and the weights are normalised to sum 1.
	 * The first and last tap follow the rounding of PIL and PyTorch ({@code (int) (c -/+ support + 0.5)}).
	 */
	static Taps antialiasTaps(int n, int m) {
		double scale = (double) n / m;
		double support = scale >= 1 ? scale : 1.0;
		double inv = scale >= 1 ? 1.0 / scale : 1.0;
		int[] first = new int[m];
		double[][] weights = new double[m][];
		for (int i = 0; i < m; i++) {
			double c = scale * (i + 0.5);
			int lo = Math.max((int) (c - support + 0.5), 0);
			int hi = Math.min((int) (c + support + 0.5), n);
			double[] wt = new double[Math.max(hi - lo, 0)];
			double total = 0;
			for (int j = 0; j < wt.length; j++) {
				double d = Math.abs((j + lo - c + 0.5) * inv);
				wt[j] = d < 1 ? 1 - d : 0;
				total += wt[j];
			}
			if (total != 0)
				for (int j = 0; j < wt.length; j++)
					wt[j] /= total;
			first[i] = lo;
			weights[i] = wt;
		}
		return new Taps(first, weights);
	}

	/** Bilinear taps for n -> m samples: source position {@code max(0, (i + 0.5) * n / m - 0.5)}. */
	static Taps bilinearTaps(int n, int m) {
		double scale = (double) n / m;
		int[] first = new int[m];
		double[][] weights = new double[m][];
		for (int i = 0; i < m; i++) {
			double s = Math.max(scale * (i + 0.5) - 0.5, 0);
			int i0 = Math.min((int) s, n - 1);
			double l = s - i0;
			first[i] = i0;
			weights[i] = i0 < n - 1 ? new double[] { 1 - l, l } : new double[] { 1 };
		}
		return new Taps(first, weights);
	}
}
