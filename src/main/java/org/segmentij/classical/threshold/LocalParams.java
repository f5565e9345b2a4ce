package org.segmentij.classical.threshold;

import java.util.Locale;

/**
 * Parameters of a {@link LocalThreshold}.
 *
 * @param radius      window radius in pixels, at least 1. {@code square}: a (2 floor(radius) + 1)
 *                    wide box; {@code circle}: ImageJ's circular kernel of this radius (as
 *                    {@code ij.plugin.filter.RankFilters}). A window larger than the image is fine
 *                    (borders replicate the edge pixels). For GAUSSIAN the window only sets the
 *                    default sigma (radius / 3).
 * @param radiusZ     0: 2D windows, each plane of a stack on its own; at least 1: 3D box windows
 *                    with half-depth floor(radiusZ) (only with {@code square})
 * @param window      {@code "square"} or {@code "circle"} (2D only)
 * @param p1          first method parameter ({@link LocalMethod#p1Name()}): Bernsen's contrast
 *                    threshold, c of Mean/Median/MidGrey/Gaussian, k of Niblack/Phansalkar/Sauvola.
 *                    Intensity-valued parameters are on the 0..255 scale (see {@link LocalThreshold})
 * @param p2          second method parameter ({@link LocalMethod#p2Name()}): c of Niblack, r of
 *                    Phansalkar (normalised units) and Sauvola (0..255 scale), sigma of Gaussian
 *                    (pixels; 0 = radius / 3)
 * @param darkObjects false: objects are brighter than their surroundings; true: darker (the mask
 *                    is the complement of the bright-object mask)
 */
public record LocalParams(double radius, double radiusZ, String window, double p1, double p2, boolean darkObjects) {

	/** The box window (the default). */
	public static final String SQUARE = "square";
	/** ImageJ's circular window (2D). */
	public static final String CIRCLE = "circle";
	/** Default radius, as in Fiji's Auto Local Threshold. */
	public static final double DEFAULT_RADIUS = 15;

	/**
	 * Checks the values.
	 *
	 * @throws IllegalArgumentException for a radius below 1 or not finite, a radiusZ that is
	 *                                  neither 0 nor at least 1, an unknown window, or a
	 *                                  parameter that is not finite
	 */
	public LocalParams {
		if (!(radius >= 1) || Double.isInfinite(radius))
			throw new IllegalArgumentException("Local threshold: radius must be a finite number >= 1 (pixels), got "
					+ radius + "; use e.g. 15");
		if (!(radiusZ == 0 || radiusZ >= 1) || Double.isInfinite(radiusZ))
			throw new IllegalArgumentException("Local threshold: radiusZ must be 0 (2D windows per plane) or a finite number >= 1, got "
					+ radiusZ);
		if (window == null)
			throw new IllegalArgumentException("Local threshold: window must be \"square\" or \"circle\", got null");
		String w = window.trim().toLowerCase(Locale.ROOT);
		if (!w.equals(SQUARE) && !w.equals(CIRCLE))
			throw new IllegalArgumentException("Local threshold: window must be \"square\" or \"circle\", got \"" + window + "\"");
		window = w;
		if (!Double.isFinite(p1))
			throw new IllegalArgumentException("Local threshold: parameter p1 must be a finite number, got " + p1);
		if (!Double.isFinite(p2))
			throw new IllegalArgumentException("Local threshold: parameter p2 must be a finite number, got " + p2);
	}

	/** Radius 15, 2D square windows, the method's default p1 and p2, bright objects. */
	public static LocalParams defaults(LocalMethod method) {
		if (method == null)
			throw new IllegalArgumentException("Local threshold: method must not be null");
		return new LocalParams(DEFAULT_RADIUS, 0, SQUARE, method.defaultP1(), method.defaultP2(), false);
	}

	/** A copy with another radius. */
	public LocalParams withRadius(double r) {
		return new LocalParams(r, radiusZ, window, p1, p2, darkObjects);
	}

	/** A copy with another z radius (0 = 2D windows). */
	public LocalParams withRadiusZ(double rz) {
		return new LocalParams(radius, rz, window, p1, p2, darkObjects);
	}

	/** A copy with another window ("square" or "circle"). */
	public LocalParams withWindow(String w) {
		return new LocalParams(radius, radiusZ, w, p1, p2, darkObjects);
	}

	/** A copy with other method parameters. */
	public LocalParams withP(double newP1, double newP2) {
		return new LocalParams(radius, radiusZ, window, newP1, newP2, darkObjects);
	}

	/** A copy with another object polarity. */
	public LocalParams withDarkObjects(boolean dark) {
		return new LocalParams(radius, radiusZ, window, p1, p2, dark);
	}
}
