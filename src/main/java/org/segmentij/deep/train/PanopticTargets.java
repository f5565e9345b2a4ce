package org.segmentij.deep.train;

/**
 * Panoptic-DeepLab training targets from an instance label image (x fastest; {@link Sample#IGNORE}
 * for pixels outside the image), in the layout {@link org.segmentij.deep.losses.PanopticLoss}
 * takes: five planes of {@code w * h} floats,
 * <ol start="0">
 * <li>semantic class: 0 background, 1 object (thing), -1 ignored;</li>
 * <li>centre heatmap: at each pixel the maximum over the instances of
 * {@code exp(-d² / (2 sigma²))}, d the distance to the instance's centre of mass (so 1 at a centre
 * of mass that falls on a pixel), computed within 4 sigma of each centre;</li>
 * <li>offset x and</li>
 * <li>offset y from each object pixel to the centre of mass of its instance, divided by
 * {@code offsetScale} (pixels per unit; 0 on background);</li>
 * <li>validity: 1 where the pixel is inside the image, 0 where ignored.</li>
 * </ol>
 */
public final class PanopticTargets {

	/** Planes of a target. */
	public static final int PLANES = 5;

	private PanopticTargets() {
	}

	/**
	 * Centres of mass of the labels 1..max: {@code {cx[l], cy[l], count[l]}} indexed by label
	 * (index 0 unused).
	 */
	public static double[][] centres(int[] labels, int w, int h) {
		int max = 0;
		for (int v : labels)
			max = Math.max(max, v);
		double[] sx = new double[max + 1], sy = new double[max + 1], n = new double[max + 1];
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int l = labels[i];
				if (l > 0) {
					sx[l] += x;
					sy[l] += y;
					n[l]++;
				}
			}
		for (int l = 1; l <= max; l++)
			if (n[l] > 0) {
				sx[l] /= n[l];
				sy[l] /= n[l];
			}
		return new double[][] { sx, sy, n };
	}

	/** The five target planes (see the class comment). */
	public static float[] of(int[] labels, int w, int h, double sigma, double offsetScale) {
		if (!(sigma > 0) || !(offsetScale > 0))
			throw new IllegalArgumentException("sigma and offset scale must be > 0 (got " + sigma + ", " + offsetScale + ")");
		int n = w * h;
		if (labels.length != n)
			throw new IllegalArgumentException("labels must have w*h = " + n + " values");
		float[] t = new float[PLANES * n];
		double[][] c = centres(labels, w, h);
		double[] cx = c[0], cy = c[1], count = c[2];
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int l = labels[i];
				boolean valid = l != Sample.IGNORE;
				t[i] = valid ? (l > 0 ? 1 : 0) : Sample.IGNORE;
				t[4 * n + i] = valid ? 1 : 0;
				if (l > 0) {
					t[2 * n + i] = (float) ((cx[l] - x) / offsetScale);
					t[3 * n + i] = (float) ((cy[l] - y) / offsetScale);
				}
			}
		int r = (int) Math.ceil(4 * sigma);
		double inv = 1 / (2 * sigma * sigma);
		for (int l = 1; l < count.length; l++) {
			if (count[l] == 0)
				continue;
			int x0 = Math.max(0, (int) Math.floor(cx[l]) - r), x1 = Math.min(w - 1, (int) Math.ceil(cx[l]) + r);
			int y0 = Math.max(0, (int) Math.floor(cy[l]) - r), y1 = Math.min(h - 1, (int) Math.ceil(cy[l]) + r);
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					double d2 = (x - cx[l]) * (x - cx[l]) + (y - cy[l]) * (y - cy[l]);
					float g = (float) Math.exp(-d2 * inv);
					int i = n + y * w + x;
					if (g > t[i])
						t[i] = g;
				}
		}
		return t;
	}
}
