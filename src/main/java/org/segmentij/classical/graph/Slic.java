package org.segmentij.classical.graph;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.segmentij.classical.filter.GaussianBlur;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;

/**
 * SLIC superpixels (Achanta et al., TPAMI 2012), in 2D and 3D.
 * <p>
 * RGB images are converted to CIE L*a*b* ({@link CieLab}); gray images are clustered on their
 * intensity as given (choose the compactness relative to the intensity range). Cluster centres
 * start on a regular grid of step S = (volume / n_segments)<sup>1/d</sup> (calibrated: the grid and
 * the spatial distance use the pixel spacing), with the colour of the pixel under them (no
 * move to the lowest gradient, as in scikit-image). Each of {@code maxIter} iterations assigns
 * every pixel within &plusmn;S of a centre (per axis) to the centre minimising
 * D = |colour - colour<sub>k</sub>|&sup2; / m&sup2; + |x - x<sub>k</sub>|&sup2; / S&sup2;
 * (m = compactness), then moves every centre to the mean colour and position of its pixels.
 * The assignment runs in parallel over bands of rows (each band owns its pixels, centres are
 * visited in the same order everywhere), so the result does not depend on the number of threads.
 * <p>
 * With connectivity enforced, the 4- (6-) connected pieces of every superpixel become
 * superpixels of their own, and pieces smaller than half the mean superpixel size
 * (N / centres / 2 pixels) are merged into the adjacent piece of closest mean colour.
 * Labels are 1..n in raster order of first pixels. Inputs are never modified.
 */
public final class Slic {

	/** Default number of iterations (Achanta's and scikit-image's 10). */
	public static final int DEFAULT_MAX_ITER = 10;

	private Slic() {
	}

	/**
	 * SLIC superpixels of a 2D RGB image (alpha ignored), on CIE L*a*b*.
	 *
	 * @param rgb                 2D image (further dimensions of size 1)
	 * @param nSegments           approximate number of superpixels, &ge; 1
	 * @param compactness         m: weight of space against colour (L*a*b* units), &gt; 0; 10 is typical
	 * @param maxIter             iterations, &ge; 1 (10)
	 * @param sigma               Gaussian pre-smoothing of R, G, B in pixels (0: none)
	 * @param enforceConnectivity make every superpixel connected (see the class description)
	 * @return labels 1..n (origin 0, dimensions of {@code rgb})
	 */
	public static Img<IntType> segment(RandomAccessibleInterval<ARGBType> rgb, int nSegments, double compactness,
			int maxIter, double sigma, boolean enforceConnectivity) {
		FlatImage f = FlatImage.rgb("SLIC", rgb);
		int[] d3 = dims3(f.dims, false);
		float[][] ch = f.channels;
		if (sigma > 0)
			for (float[] c : ch)
				GaussianBlur.blur(c, new int[] { d3[0], d3[1] }, new double[] { sigma });
		checkParams(nSegments, compactness, maxIter, sigma);
		float[][] lab = CieLab.convert(ch[0], ch[1], ch[2]);
		return FlatImage.labelImage(segment(lab, d3, new double[] { 1, 1, 1 }, nSegments, compactness, maxIter, enforceConnectivity), f.dims);
	}

	/** {@link #segment(RandomAccessibleInterval, int, double, int, double, boolean)} with 10 iterations, no smoothing, connectivity enforced. */
	public static Img<IntType> segment(RandomAccessibleInterval<ARGBType> rgb, int nSegments, double compactness) {
		return segment(rgb, nSegments, compactness, DEFAULT_MAX_ITER, 0, true);
	}

	/**
	 * SLIC superpixels of a 2D or 3D gray image, on the intensity.
	 *
	 * @param gray    2D image or 3D stack (x, y, z)
	 * @param spacing pixel spacing per dimension (null: 1); the grid and spatial distances are calibrated
	 * @param sigma   Gaussian pre-smoothing in calibrated units (0: none)
	 * @see #segment(RandomAccessibleInterval, int, double, int, double, boolean)
	 */
	public static <T extends RealType<T>> Img<IntType> segmentGray(RandomAccessibleInterval<T> gray, double[] spacing,
			int nSegments, double compactness, int maxIter, double sigma, boolean enforceConnectivity) {
		FlatImage f = FlatImage.gray("SLIC", gray, 1);
		int[] d3 = dims3(f.dims, true);
		checkParams(nSegments, compactness, maxIter, sigma);
		double[] sp = { 1, 1, 1 };
		if (spacing != null)
			for (int d = 0; d < Math.min(3, spacing.length); d++) {
				if (!(spacing[d] > 0) || Double.isInfinite(spacing[d]))
					throw new IllegalArgumentException("SLIC: pixel spacing must be > 0, got " + Arrays.toString(spacing));
				sp[d] = spacing[d];
			}
		if (sigma > 0) {
			double[] s = new double[f.dims.length];
			for (int d = 0; d < s.length; d++)
				s[d] = d < 3 ? sigma / sp[d] : 0;
			GaussianBlur.blur(f.channels[0], f.dims, s);
		}
		return FlatImage.labelImage(segment(f.channels, d3, sp, nSegments, compactness, maxIter, enforceConnectivity), f.dims);
	}

	private static void checkParams(int nSegments, double compactness, int maxIter, double sigma) {
		if (nSegments < 1)
			throw new IllegalArgumentException("n_segments must be >= 1 (got " + nSegments + "); use e.g. n_segments=400");
		if (!(compactness > 0) || Double.isInfinite(compactness))
			throw new IllegalArgumentException("compactness must be > 0 (got " + compactness + "); use e.g. compactness=10");
		if (maxIter < 1)
			throw new IllegalArgumentException("max_iter must be >= 1 (got " + maxIter + "); use e.g. max_iter=10");
		if (!(sigma >= 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("sigma must be >= 0 (got " + sigma + "); use 0 for no smoothing");
	}

	private static int[] dims3(int[] dims, boolean allow3D) {
		int[] d3 = { dims[0], dims.length > 1 ? dims[1] : 1, dims.length > 2 ? dims[2] : 1 };
		for (int d = allow3D ? 3 : 2; d < dims.length; d++)
			if (dims[d] != 1)
				throw new IllegalArgumentException("SLIC works on " + (allow3D ? "2D or 3D gray images" : "2D RGB images")
						+ "; this one has size " + Arrays.toString(dims));
		return d3;
	}

	/**
	 * SLIC on flat channels (x fastest; not modified).
	 *
	 * @param ch      channels, each of {@code w*h*d} values
	 * @param dims    {w, h, d} (d = 1 for 2D)
	 * @param spacing pixel spacing {sx, sy, sz}
	 * @return labels 1..n per pixel
	 */
	public static int[] segment(float[][] ch, int[] dims, double[] spacing, int nSegments, double compactness, int maxIter,
			boolean enforceConnectivity) {
		checkParams(nSegments, compactness, maxIter, 0);
		final int w = dims[0], h = dims[1], dz = dims[2];
		final int n = w * h * dz;
		final int nc = ch.length;
		int nd = dz > 1 ? 3 : h > 1 ? 2 : 1;
		// grid
		double vol = 1;
		for (int d = 0; d < nd; d++)
			vol *= dims[d] * spacing[d];
		double step = Math.pow(vol / nSegments, 1.0 / nd);
		int[] cnt = new int[3];
		for (int d = 0; d < 3; d++)
			cnt[d] = d < nd ? Math.max(1, Math.min(dims[d], (int) Math.round(dims[d] * spacing[d] / step))) : 1;
		int k = cnt[0] * cnt[1] * cnt[2];
		int stride = nc + 3;
		double[] centre = new double[k * stride]; // colour..., x, y, z
		double[] win = new double[3];
		for (int d = 0; d < 3; d++)
			win[d] = d < nd ? Math.max(step / spacing[d], (double) dims[d] / cnt[d]) : 0;
		int[] label = new int[n];
		{
			int j = 0;
			for (int gz = 0; gz < cnt[2]; gz++)
				for (int gy = 0; gy < cnt[1]; gy++)
					for (int gx = 0; gx < cnt[0]; gx++, j++) {
						double cx = (gx + 0.5) * w / cnt[0] - 0.5, cy = (gy + 0.5) * h / cnt[1] - 0.5,
								cz = (gz + 0.5) * dz / cnt[2] - 0.5;
						int p = ((int) Math.round(cz) * h + (int) Math.round(cy)) * w + (int) Math.round(cx);
						for (int c = 0; c < nc; c++)
							centre[j * stride + c] = ch[c][p];
						centre[j * stride + nc] = cx;
						centre[j * stride + nc + 1] = cy;
						centre[j * stride + nc + 2] = cz;
					}
			// initial labels: the grid cell of each pixel (for pixels no window reaches)
			for (int z = 0, p = 0; z < dz; z++) {
				int gz = (int) ((long) z * cnt[2] / dz);
				for (int y = 0; y < h; y++) {
					int gy = (int) ((long) y * cnt[1] / h);
					for (int x = 0; x < w; x++, p++)
						label[p] = (gz * cnt[1] + gy) * cnt[0] + (int) ((long) x * cnt[0] / w);
				}
			}
		}
		final float invM2 = (float) (1.0 / (compactness * compactness));
		final float sx = (float) (spacing[0] * spacing[0] / (step * step)), sy = (float) (spacing[1] * spacing[1] / (step * step)),
				sz = (float) (spacing[2] * spacing[2] / (step * step));
		// per pixel: (distance bits << 32 | centre) of the best centre so far; the minimum keeps the
		// smallest distance, ties to the lower centre index (distances are non-negative floats)
		long[] best = new long[n];
		int rows = h * dz;
		int bands = Math.min(rows, Math.max(1, Runtime.getRuntime().availableProcessors() * 4));
		int[] bandStart = new int[bands + 1];
		for (int b = 0; b <= bands; b++)
			bandStart[b] = (int) ((long) rows * b / bands);
		double[][] partial = new double[bands][];
		float[] cf = new float[k * stride];
		for (int it = 0; it < maxIter; it++) {
			for (int i = 0; i < cf.length; i++)
				cf[i] = (float) centre[i];
			IntStream.range(0, bands).parallel().forEach(b -> {
				int r0 = bandStart[b], r1 = bandStart[b + 1];
				Arrays.fill(best, r0 * w, r1 * w, Long.MAX_VALUE);
				float[] tmp = new float[w];
				float[] dxx = new float[w];
				for (int j = 0; j < k; j++) {
					int o = j * stride;
					float cx = cf[o + nc], cy = cf[o + nc + 1], cz = cf[o + nc + 2];
					int zlo = Math.max(0, (int) Math.ceil(cz - win[2])), zhi = Math.min(dz - 1, (int) Math.floor(cz + win[2]));
					int ylo = Math.max(0, (int) Math.ceil(cy - win[1])), yhi = Math.min(h - 1, (int) Math.floor(cy + win[1]));
					int xlo = Math.max(0, (int) Math.ceil(cx - win[0])), xhi = Math.min(w - 1, (int) Math.floor(cx + win[0]));
					if (xhi >= xlo)
						for (int x = xlo; x <= xhi; x++) {
							float dx = x - cx;
							dxx[x - xlo] = dx * dx * sx;
						}
					for (int z = zlo; z <= zhi; z++) {
						int rz = z * h;
						if (rz + yhi < r0 || rz + ylo >= r1)
							continue;
						float dzz = (z - cz) * (z - cz) * sz;
						for (int y = Math.max(ylo, r0 - rz); y <= yhi && rz + y < r1; y++) {
							float dyz = dzz + (y - cy) * (y - cy) * sy;
							int base = (rz + y) * w;
							if (nc == 3) {
								float c0 = cf[o], c1 = cf[o + 1], c2 = cf[o + 2];
								float[] a0 = ch[0], a1 = ch[1], a2 = ch[2];
								int len = xhi - xlo + 1;
								int p0 = base + xlo;
								for (int i = 0; i < len; i++) {
									float e0 = a0[p0 + i] - c0, e1 = a1[p0 + i] - c1, e2 = a2[p0 + i] - c2;
									tmp[i] = (e0 * e0 + e1 * e1 + e2 * e2) * invM2 + (dxx[i] + dyz);
								}
								for (int i = 0, p = base + xlo; i < len; i++, p++)
									best[p] = Math.min(best[p], ((long) Float.floatToRawIntBits(tmp[i]) << 32) | j);
							} else {
								for (int x = xlo; x <= xhi; x++) {
									int p = base + x;
									float s = 0;
									for (int c = 0; c < nc; c++) {
										float e = ch[c][p] - cf[o + c];
										s += e * e;
									}
									float dx = x - cx;
									float dd = s * invM2 + dx * dx * sx + dyz;
									best[p] = Math.min(best[p], ((long) Float.floatToRawIntBits(dd) << 32) | j);
								}
							}
						}
					}
				}
				// labels (a pixel no window reached keeps its label) and partial sums of the band
				for (int p = r0 * w, end = r1 * w; p < end; p++)
					if (best[p] != Long.MAX_VALUE)
						label[p] = (int) best[p];
				double[] sum = new double[k * (stride + 1)];
				double[] run = new double[nc];
				for (int r = r0; r < r1; r++) {
					int z = r / h, y = r % h;
					int base = r * w;
					// runs of one label along x are summed locally, then added once
					int x = 0;
					while (x < w) {
						int l = label[base + x];
						int x0 = x;
						java.util.Arrays.fill(run, 0);
						double sx0 = 0;
						if (nc == 3) {
							double s0 = 0, s1 = 0, s2 = 0;
							float[] a0 = ch[0], a1 = ch[1], a2 = ch[2];
							for (; x < w && label[base + x] == l; x++) {
								int p = base + x;
								s0 += a0[p];
								s1 += a1[p];
								s2 += a2[p];
							}
							run[0] = s0;
							run[1] = s1;
							run[2] = s2;
						} else {
							for (; x < w && label[base + x] == l; x++)
								for (int c = 0; c < nc; c++)
									run[c] += ch[c][base + x];
						}
						int len = x - x0;
						sx0 = len * (x0 + x - 1) / 2.0;
						int o = l * (stride + 1);
						for (int c = 0; c < nc; c++)
							sum[o + c] += run[c];
						sum[o + nc] += sx0;
						sum[o + nc + 1] += (double) y * len;
						sum[o + nc + 2] += (double) z * len;
						sum[o + nc + 3] += len;
					}
				}
				partial[b] = sum;
			});
			double[] total = new double[k * (stride + 1)];
			for (double[] s : partial)
				for (int i = 0; i < total.length; i++)
					total[i] += s[i];
			for (int j = 0; j < k; j++) {
				double m = total[j * (stride + 1) + stride];
				if (m > 0)
					for (int c = 0; c < stride; c++)
						centre[j * stride + c] = total[j * (stride + 1) + c] / m;
			}
		}
		if (!enforceConnectivity) {
			int[] map = new int[k];
			int next = 0;
			for (int p = 0; p < n; p++) {
				int l = label[p];
				if (map[l] == 0)
					map[l] = ++next;
				label[p] = map[l];
			}
			return label;
		}
		int minSize = (int) Math.max(1, 0.5 * n / k);
		return Connectivity.enforce(label, dims, ch, minSize);
	}
}
