package org.segmentij.classical.filter;

import org.segmentij.classical.PixelArrays;

/**
 * The XY Gaussian blur of one plane, made a range of rows at a time, for pipelines that work
 * band by band (blur, then more per band, while the rows are in cache) and for
 * {@link GaussianBlur} itself. The values are exactly those of {@link GaussianBlur} (same kernels,
 * mirrored borders, same order of operations), and the source is read in place from its 8-bit,
 * 16-bit or float array ({@link PixelArrays.Plane}), without a float copy of the image.
 * <p>
 * An instance holds row buffers: use one per thread.
 */
public final class RowBlur {

	/** Values per segment of a row in the x pass (its shifted copies stay in the L1 cache). */
	private static final int SEGMENT = 512;

	private final int w, h, rx, ry;
	private final float[] kx, ky;
	private final float[] buf;
	private final float[][] shifted;
	/** x-blurred rows, row r in slot r % ring.length (2 ry + 1 slots). */
	private final float[][] ring;
	private PixelArrays.Plane src;
	private int next, xNext;

	/**
	 * @param w      plane width
	 * @param h      plane height
	 * @param sigmaX sigma along x (0 = none)
	 * @param sigmaY sigma along y (0 = none)
	 */
	public RowBlur(int w, int h, double sigmaX, double sigmaY) {
		this.w = w;
		this.h = h;
		kx = sigmaX > 0 && w > 1 ? GaussianBlur.kernel(sigmaX, w) : null;
		ky = sigmaY > 0 && h > 1 ? GaussianBlur.kernel(sigmaY, h) : null;
		rx = kx == null ? 0 : kx.length - 1;
		ry = ky == null ? 0 : ky.length - 1;
		buf = new float[w + 2 * rx];
		shifted = kx == null ? null : new float[2 * rx + 2][Math.min(w, SEGMENT)];
		ring = ky == null ? null : new float[2 * ry + 1][w];
	}

	/**
	 * Starts a run of rows of a plane: the following {@link #next} calls give its blurred rows
	 * {@code first, first + 1, ...}.
	 */
	public void start(PixelArrays.Plane plane, int first) {
		src = plane;
		next = first;
		xNext = Math.max(0, first - ry);
	}

	/**
	 * The next blurred row (see {@link #start}) into {@code out[0..w)}. The x pass is made once
	 * per input row of the run, kept in a ring of {@code 2 ry + 1} rows (mirrored rows at the
	 * top and bottom borders are among them).
	 */
	public void next(float[] out) {
		int y = next++;
		if (ky == null) {
			rowX(src, y, out);
			return;
		}
		for (int last = Math.min(h - 1, y + ry); xNext <= last; xNext++)
			rowX(src, xNext, ring[xNext % ring.length]);
		float k0 = ky[0];
		float[] c = ring[y % ring.length];
		for (int x = 0; x < w; x++)
			out[x] = k0 * c[x];
		for (int i = 1; i <= ry; i++) {
			float[] a = ring[GaussianBlur.mirror(y - i, h) % ring.length], b = ring[GaussianBlur.mirror(y + i, h) % ring.length];
			float ki = ky[i];
			for (int x = 0; x < w; x++)
				out[x] += ki * (a[x] + b[x]);
		}
	}

	/**
	 * Blurred rows {@code ya..yb} (inclusive, within the plane) of a plane into
	 * {@code out[0..yb-ya]}, each of at least {@code w} values.
	 */
	public void rows(PixelArrays.Plane plane, int ya, int yb, float[][] out) {
		start(plane, ya);
		for (int y = ya; y <= yb; y++)
			next(out[y - ya]);
	}

	/**
	 * Row {@code y} blurred along x into {@code out[0..w)}: the mirrored row is copied once per
	 * kernel offset, segment by segment, so the sum runs over arrays read at the same index (the
	 * loops the JIT vectorises). Per pixel the terms are added as {@code k0 v + k1 (..) + ...}.
	 */
	private void rowX(PixelArrays.Plane src, int y, float[] out) {
		if (kx == null) {
			src.readRow(y, w, out, 0);
			return;
		}
		int r = rx, len = w;
		src.readRow(y, w, buf, r);
		for (int i = 1; i <= r; i++) {
			buf[r - i] = buf[r + GaussianBlur.mirror(-i, len)];
			buf[r + len - 1 + i] = buf[r + GaussianBlur.mirror(len - 1 + i, len)];
		}
		float[] k = kx;
		float k0 = k[0];
		float[] acc = shifted[2 * r + 1];
		for (int x0 = 0; x0 < len; x0 += SEGMENT) {
			int n = Math.min(SEGMENT, len - x0);
			for (int j = 0; j <= 2 * r; j++)
				System.arraycopy(buf, x0 + j, shifted[j], 0, n);
			float[] c = shifted[r];
			for (int x = 0; x < n; x++)
				acc[x] = k0 * c[x];
			for (int i = 1; i <= r; i++) {
				float[] a = shifted[r - i], b = shifted[r + i];
				float ki = k[i];
				for (int x = 0; x < n; x++)
					acc[x] += ki * (a[x] + b[x]);
			}
			System.arraycopy(acc, 0, out, x0, n);
		}
	}
}
