package org.segmentij.deep.train;

import java.util.Locale;
import java.util.SplittableRandom;

import org.segmentij.UsageException;

/**
 * Random augmentation of a training sample into a crop of a fixed size, image and target
 * transformed by the same geometry: a random crop (padded with zeros and an ignored target where
 * the image is smaller), flips, 90-degree rotations, an elastic deformation (random displacements
 * on a coarse grid, smoothly interpolated; the image sampled bilinearly, the target at the nearest
 * pixel), then on the image only an intensity scale and shift, a gamma and Gaussian noise.
 *
 * @param flips         random horizontal and vertical flips
 * @param rotations     random rotations by 0, 90, 180 or 270 degrees
 * @param elasticAlpha  displacement standard deviation in pixels (0: none)
 * @param elasticGrid   spacing of the displacement grid in pixels
 * @param intensity     the image is multiplied by 1 + U(-intensity, intensity) and shifted by
 *                      U(-intensity, intensity) (0: none)
 * @param gamma         gamma U(1 - gamma, 1 + gamma) applied to the crop's range (0: none)
 * @param noise         Gaussian noise of standard deviation U(0, noise) (0: none)
 */
public record Augmentation(boolean flips, boolean rotations, double elasticAlpha, int elasticGrid, double intensity,
		double gamma, double noise) {

	public Augmentation {
		if (elasticAlpha < 0 || intensity < 0 || gamma < 0 || gamma >= 1 || noise < 0 || elasticGrid < 2)
			throw new UsageException(String.format(Locale.ROOT,
					"Augmentation: strengths must be >= 0, gamma < 1 and the elastic grid >= 2 (got elastic=%s grid=%d intensity=%s gamma=%s noise=%s).",
					elasticAlpha, elasticGrid, intensity, gamma, noise));
	}

	/** Crops only: no flips, rotations, deformation or intensity changes. */
	public static Augmentation none() {
		return new Augmentation(false, false, 0, 16, 0, 0, 0);
	}

	/** Flips, rotations, a mild elastic deformation, intensity, gamma and noise. */
	public static Augmentation standard() {
		return new Augmentation(true, true, 2.0, 32, 0.1, 0.2, 0.03);
	}

	/**
	 * A random crop of {@code cw x ch} pixels of {@code s}, augmented. The crop origin is uniform
	 * over the positions that keep the crop inside the image (centred where the image is smaller).
	 */
	public Sample apply(Sample s, int cw, int ch, SplittableRandom rng) {
		int w = s.width(), h = s.height(), c = s.channels();
		int ox = w > cw ? rng.nextInt(w - cw + 1) : -(cw - w) / 2;
		int oy = h > ch ? rng.nextInt(h - ch + 1) : -(ch - h) / 2;
		boolean fx = flips && rng.nextBoolean(), fy = flips && rng.nextBoolean();
		int rot = rotations && cw == ch ? rng.nextInt(4) : 0;
		float[][] field = elasticAlpha > 0 ? displacement(cw, ch, rng) : null;
		float[] img = new float[c * cw * ch];
		int[] tgt = new int[cw * ch];
		int splane = s.plane(), plane = cw * ch;
		float[] src = s.image();
		int[] st = s.target();
		for (int y = 0; y < ch; y++)
			for (int x = 0; x < cw; x++) {
				// output pixel -> crop coordinates (rotation, flips) -> elastic -> image
				int u = x, v = y;
				for (int r = 0; r < rot; r++) { // rotate by 90 degrees: (u, v) -> (v, n - 1 - u)
					int t = u;
					u = v;
					v = cw - 1 - t;
				}
				if (fx)
					u = cw - 1 - u;
				if (fy)
					v = ch - 1 - v;
				double sx = u + ox, sy = v + oy;
				int o = y * cw + x;
				if (field != null) {
					sx += field[0][o];
					sy += field[1][o];
				}
				int nx = (int) Math.round(sx), ny = (int) Math.round(sy);
				tgt[o] = nx >= 0 && ny >= 0 && nx < w && ny < h ? st[ny * w + nx] : Sample.IGNORE;
				if (field == null) {
					for (int k = 0; k < c; k++)
						img[k * plane + o] = nx >= 0 && ny >= 0 && nx < w && ny < h ? src[k * splane + ny * w + nx] : 0f;
				}
				else {
					for (int k = 0; k < c; k++)
						img[k * plane + o] = bilinear(src, k * splane, w, h, sx, sy);
				}
			}
		for (int k = 0; k < c; k++)
			intensityInPlace(img, k * plane, plane, rng);
		return new Sample(s.name(), img, c, cw, ch, tgt);
	}

	private void intensityInPlace(float[] img, int from, int n, SplittableRandom rng) {
		if (gamma > 0) {
			float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
			for (int i = from; i < from + n; i++) {
				lo = Math.min(lo, img[i]);
				hi = Math.max(hi, img[i]);
			}
			double g = 1 + (2 * rng.nextDouble() - 1) * gamma;
			if (hi > lo)
				for (int i = from; i < from + n; i++)
					img[i] = (float) (lo + (hi - lo) * Math.pow((img[i] - lo) / (hi - lo), g));
		}
		if (intensity > 0) {
			double a = 1 + (2 * rng.nextDouble() - 1) * intensity, b = (2 * rng.nextDouble() - 1) * intensity;
			for (int i = from; i < from + n; i++)
				img[i] = (float) (img[i] * a + b);
		}
		if (noise > 0) {
			double sd = rng.nextDouble() * noise;
			java.util.Random g = new java.util.Random(rng.nextLong());
			for (int i = from; i < from + n; i++)
				img[i] += (float) (sd * g.nextGaussian());
		}
	}

	/** Smooth random displacements: N(0, alpha) on a grid, bicubic-free bilinear upsampling. */
	private float[][] displacement(int cw, int ch, SplittableRandom rng) {
		int gx = cw / elasticGrid + 2, gy = ch / elasticGrid + 2;
		java.util.Random g = new java.util.Random(rng.nextLong());
		double[][] d = new double[2][gx * gy];
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < gx * gy; i++)
				d[k][i] = g.nextGaussian() * elasticAlpha;
		float[][] f = new float[2][cw * ch];
		for (int y = 0; y < ch; y++)
			for (int x = 0; x < cw; x++) {
				double px = (double) x / elasticGrid, py = (double) y / elasticGrid;
				int ix = (int) px, iy = (int) py;
				double ax = px - ix, ay = py - iy;
				for (int k = 0; k < 2; k++) {
					double[] dk = d[k];
					double v = (1 - ay) * ((1 - ax) * dk[iy * gx + ix] + ax * dk[iy * gx + ix + 1])
							+ ay * ((1 - ax) * dk[(iy + 1) * gx + ix] + ax * dk[(iy + 1) * gx + ix + 1]);
					f[k][y * cw + x] = (float) v;
				}
			}
		return f;
	}

	/** Bilinear sample of one channel plane, zero outside the image. */
	static float bilinear(float[] a, int off, int w, int h, double x, double y) {
		int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		double fx = x - x0, fy = y - y0;
		double v = 0;
		for (int dy = 0; dy <= 1; dy++)
			for (int dx = 0; dx <= 1; dx++) {
				int xx = x0 + dx, yy = y0 + dy;
				if (xx < 0 || yy < 0 || xx >= w || yy >= h)
					continue;
				double wgt = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
				if (wgt != 0)
					v += wgt * a[off + yy * w + xx];
			}
		return (float) v;
	}
}
