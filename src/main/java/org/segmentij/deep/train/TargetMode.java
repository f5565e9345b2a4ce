package org.segmentij.deep.train;

import java.util.Locale;

import org.segmentij.UsageException;

/**
 * What a network learns from a ground-truth image.
 * <ul>
 * <li>{@code BINARY}: background 0, foreground 1 (any non-zero value of a mask or label image).</li>
 * <li>{@code CLASSES}: the mask's values are the classes 0..C-1 (a mask of 0 and 255 counts as
 * binary).</li>
 * <li>{@code BOUNDARY}: from instance labels, three classes as in the Oxford-IIIT Pet trimap:
 * background 0, object interior 1, object boundary 2 (a labelled pixel with a 4-neighbour of
 * another label or of the background; optionally wider where objects touch, see
 * {@link #target(int[], int, int, int)}); a seeded watershed turns the prediction into instances.</li>
 * <li>{@code PANOPTIC}: instance labels, turned into Panoptic-DeepLab targets (classes, centre
 * heatmap, offsets) per training crop by {@link PanopticTraining}; the number is the network's
 * output channels.</li>
 * </ul>
 */
public enum TargetMode {
	BINARY(2), CLASSES(-1), BOUNDARY(3), PROMPT(2), PANOPTIC(PanopticTraining.OUTPUTS),
	/** Star-convex polygons (StarDist): the target holds instance labels; see {@link StarDistTraining}. */
	STARDIST(-1);

	private final int classes;

	TargetMode(int classes) {
		this.classes = classes;
	}

	/** Number of classes this mode gives, or -1 when it depends on the data (CLASSES). */
	public int fixedClasses() {
		return classes;
	}

	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static TargetMode parse(String s) {
		for (TargetMode m : values())
			if (m.id().equals(s.trim().toLowerCase(Locale.ROOT)))
				return m;
		throw new UsageException("Unknown target '" + s + "'; use binary, classes, boundary, prompt, panoptic or stardist.");
	}

	/** Input channels of the network for images of {@code imageChannels} channels (PROMPT adds its four prompt channels). */
	public int inputChannels(int imageChannels) {
		return this == PROMPT ? imageChannels + org.segmentij.deep.prompt.PromptEncoding.CHANNELS - 1 : imageChannels;
	}

	/**
	 * The per-pixel classes of a ground-truth image given as integer values (mask or label image,
	 * x fastest).
	 */
	public int[] target(int[] truth, int width, int height) {
		return target(truth, width, height, 1);
	}

	/**
	 * As {@link #target(int[], int, int)}, with a wider boundary where objects touch
	 * ({@code BOUNDARY} only): a labelled pixel within city-block distance {@code contactWidth} of
	 * a pixel of another label is boundary too, so the boundary between two touching objects is
	 * {@code 2 * contactWidth} pixels wide ({@code contactWidth} on each side); next to the
	 * background it stays one pixel wide. {@code contactWidth} 1 is the plain rule.
	 *
	 * @throws UsageException if {@code contactWidth} is not in 1..8
	 */
	public int[] target(int[] truth, int width, int height, int contactWidth) {
		if (contactWidth < 1 || contactWidth > 8)
			throw new UsageException("contact width must be 1..8 pixels per side (got " + contactWidth + "); e.g. 2.");
		int n = width * height;
		int[] t = new int[n];
		switch (this) {
		case BINARY -> {
			for (int i = 0; i < n; i++)
				t[i] = truth[i] != 0 ? 1 : 0;
		}
		case CLASSES -> {
			boolean binary255 = true;
			for (int v : truth)
				if (v != 0 && v != 255) {
					binary255 = false;
					break;
				}
			for (int i = 0; i < n; i++) {
				if (truth[i] < 0)
					throw new org.segmentij.InputException("A class mask has the negative value " + truth[i]
							+ "; classes are 0, 1, 2, ...");
				t[i] = binary255 ? (truth[i] != 0 ? 1 : 0) : truth[i];
			}
		}
		case PROMPT, PANOPTIC, STARDIST -> { // instance labels (a binary mask: its connected components)
			int first = 0;
			boolean binary = true;
			for (int v : truth) {
				if (v < 0)
					throw new org.segmentij.InputException("A label image has the negative value " + v + "; labels are 0, 1, 2, ...");
				if (v != 0 && first == 0)
					first = v;
				else if (v != 0 && v != first)
					binary = false;
			}
			System.arraycopy(truth, 0, t, 0, n);
			if (binary && first != 0)
				org.segmentij.classical.region.ConnectedComponents.label(t, new int[] { width, height },
						org.segmentij.classical.region.ConnectedComponents.Connectivity.FULL);
		}
		case BOUNDARY -> {
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					int i = y * width + x, l = truth[i];
					if (l == 0)
						continue;
					boolean edge = (x > 0 && truth[i - 1] != l) || (x < width - 1 && truth[i + 1] != l)
							|| (y > 0 && truth[i - width] != l) || (y < height - 1 && truth[i + width] != l);
					t[i] = edge || contactWidth > 1 && nearOther(truth, width, height, x, y, l, contactWidth) ? 2 : 1;
				}
		}
		}
		return t;
	}

	/** Whether a pixel of a label other than {@code l} and 0 lies within city-block distance r of (x, y). */
	private static boolean nearOther(int[] truth, int width, int height, int x, int y, int l, int r) {
		for (int dy = -r; dy <= r; dy++) {
			int yy = y + dy;
			if (yy < 0 || yy >= height)
				continue;
			int rx = r - Math.abs(dy);
			for (int dx = -rx; dx <= rx; dx++) {
				int xx = x + dx;
				if (xx < 0 || xx >= width)
					continue;
				int v = truth[yy * width + xx];
				if (v != 0 && v != l)
					return true;
			}
		}
		return false;
	}
}
