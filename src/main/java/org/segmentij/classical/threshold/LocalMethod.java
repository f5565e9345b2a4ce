package org.segmentij.classical.threshold;

/**
 * The local (adaptive) thresholding methods of Fiji's Auto Local Threshold (G. Landini), plus the
 * Gaussian-weighted mean of OpenCV / scikit-image. See {@link LocalThreshold} for the exact rule
 * of each method and {@link LocalParams} for the meaning of {@code p1} and {@code p2}.
 */
public enum LocalMethod {
	/** Local contrast: mid-grey of min and max, or a fixed mid level where contrast is low. p1 = contrast threshold. */
	BERNSEN("Bernsen", 15, 0, "contrast", null),
	/** Object where the pixel is closer to the local maximum than to the local minimum. */
	CONTRAST("Contrast", 0, 0, null, null),
	/** pixel &gt; mean - c. p1 = c. */
	MEAN("Mean", 0, 0, "c", null),
	/** pixel &gt; median - c. p1 = c. */
	MEDIAN("Median", 0, 0, "c", null),
	/** pixel &gt; (min + max) / 2 - c. p1 = c. */
	MIDGREY("MidGrey", 0, 0, "c", null),
	/** pixel &gt; mean + k sd - c. p1 = k, p2 = c. */
	NIBLACK("Niblack", 0.2, 0, "k", "c"),
	/** pixel above Otsu's threshold of the window's 256-bin histogram. */
	OTSU("Otsu", 0, 0, null, null),
	/** Phansalkar on intensities normalised to [0, 1], p = 2, q = 10. p1 = k, p2 = r. */
	PHANSALKAR("Phansalkar", 0.25, 0.5, "k", "r"),
	/** pixel &gt; mean (1 + k (sd / r - 1)). p1 = k, p2 = r. */
	SAUVOLA("Sauvola", 0.5, 128, "k", "r"),
	/** pixel &gt; Gaussian-weighted mean - c. p1 = c, p2 = sigma (0: radius / 3). */
	GAUSSIAN("Gaussian", 0, 0, "c", "sigma");

	private final String label;
	private final double p1, p2;
	private final String p1Name, p2Name;

	LocalMethod(String label, double p1, double p2, String p1Name, String p2Name) {
		this.label = label;
		this.p1 = p1;
		this.p2 = p2;
		this.p1Name = p1Name;
		this.p2Name = p2Name;
	}

	/** Human-readable name, as in Fiji's Auto Local Threshold ("Bernsen", ..., "Gaussian"). */
	public String label() {
		return label;
	}

	/** Technique id: "local-" and the lower-case name, e.g. {@code local-sauvola}. */
	public String id() {
		return "local-" + name().toLowerCase(java.util.Locale.ROOT);
	}

	/** Default of the first parameter (0 where the method has none). */
	public double defaultP1() {
		return p1;
	}

	/** Default of the second parameter (0 where the method has none). */
	public double defaultP2() {
		return p2;
	}

	/** What p1 means ("contrast", "c", "k"), or null if the method ignores p1. */
	public String p1Name() {
		return p1Name;
	}

	/** What p2 means ("c", "r", "sigma"), or null if the method ignores p2. */
	public String p2Name() {
		return p2Name;
	}

	/**
	 * The method with this id ({@code local-mean}), label ({@code Mean}) or enum name, case-insensitive.
	 *
	 * @throws IllegalArgumentException for an unknown name, listing the known ids
	 */
	public static LocalMethod fromName(String name) {
		if (name != null)
			for (LocalMethod m : values())
				if (m.id().equalsIgnoreCase(name) || m.label.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name))
					return m;
		StringBuilder sb = new StringBuilder();
		for (LocalMethod m : values())
			sb.append(sb.length() == 0 ? "" : ", ").append(m.id());
		throw new IllegalArgumentException("Unknown local threshold method '" + name + "'; use one of " + sb);
	}
}
