package org.segmentij.command.threshold;

import org.scijava.plugin.Parameter;
import org.segmentij.UsageException;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.classical.threshold.LocalParams;
import org.segmentij.classical.threshold.LocalThreshold;
import org.segmentij.command.ImageCommand;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * A local (adaptive) threshold by one of Fiji's Auto Local Threshold methods, or a
 * Gaussian-weighted mean; each method is a small subclass with its own named parameters. Any
 * bit depth; 2D windows on each plane, or 3D windows with {@code radius_z}.
 */
public abstract class LocalThresholdCommand extends ImageCommand {

	@Parameter(label = "Radius", min = "1", description = "Window radius in pixels (square: a (2r+1)-wide box; circle: ImageJ's circular kernel).")
	private double radius = LocalParams.DEFAULT_RADIUS;

	@Parameter(label = "Radius z", min = "0", description = "0: 2D windows on each slice; >= 1: 3D box windows reaching this many slices up and down.")
	private double radius_z = 0;

	@Parameter(label = "Window", choices = { "square", "circle" }, description = "square: cost independent of the radius (running sums); circle: as Fiji's Auto Local Threshold (2D).")
	private String window = "square";

	@Parameter(label = "Dark objects", description = "Objects are darker than their surroundings (default: brighter).")
	private boolean dark_objects = false;

	@Parameter(label = "RGB", choices = { "luminance", "channels" }, description = "For RGB images: threshold the luminance, or each of red, green and blue.")
	private String rgb = "luminance";

	/**
	 * Median and Otsu windows, and every circle window, are scanned pixel by pixel: their time
	 * grows with the window, and a window of (2r+1)^2 pixels must be countable. A radius far
	 * beyond the image (where every window is mostly replicated border) is refused here rather
	 * than run for hours; the running-sum square windows take any radius.
	 */
	private void checkWindowCost(AxisImage<?> image) {
		LocalMethod m = method();
		boolean scanned = m == LocalMethod.MEDIAN || m == LocalMethod.OTSU || "circle".equals(window) && m != LocalMethod.GAUSSIAN;
		if (!scanned)
			return;
		long w = image.size(org.segmentij.image.Axis.X), h = image.size(org.segmentij.image.Axis.Y);
		long d = Math.max(1, image.size(org.segmentij.image.Axis.Z));
		long limit = Math.min(2 * Math.max(w, h) + 50, 20_000);
		String why = (m == LocalMethod.MEDIAN || m == LocalMethod.OTSU ? m.label() + " windows" : "circle windows")
				+ " take time in proportion to their size";
		if (radius > limit)
			throw new UsageException("radius=" + org.segmentij.params.ParameterParser.format(radius) + " is far larger than the image (" + w + " x " + h
					+ " pixels) and " + why + ": use a radius of at most " + limit
					+ (m == LocalMethod.MEDIAN || m == LocalMethod.OTSU ? "" : ", or window=square") + ".");
		long limitZ = Math.min(2 * d + 50, 2_000);
		long side = 2 * (long) Math.floor(radius) + 1, sideZ = 2 * (long) Math.floor(radius_z) + 1;
		if (radius_z > limitZ || side * side * sideZ > Integer.MAX_VALUE / 2)
			throw new UsageException("radius=" + org.segmentij.params.ParameterParser.format(radius) + " with radius_z="
					+ org.segmentij.params.ParameterParser.format(radius_z) + " is a window of " + side + " x " + side + " x " + sideZ
					+ " pixels, too large to scan (" + why + "); use a smaller radius_z (at most " + limitZ + ") or radius.");
	}

	/** The method this command applies. */
	protected abstract LocalMethod method();

	/** The method's first parameter (see {@link LocalMethod#p1Name()}). */
	protected double p1() {
		return method().defaultP1();
	}

	/** The method's second parameter (see {@link LocalMethod#p2Name()}). */
	protected double p2() {
		return method().defaultP2();
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage("channels".equals(rgb));
		output = apply(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus apply(AxisImage<T> image) {
		LocalParams params;
		try {
			params = new LocalParams(radius, radius_z, window, p1(), p2(), dark_objects);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (radius_z > 0 && image.dimensionOf(org.segmentij.image.Axis.Z) < 0)
			throw new UsageException("radius_z is for stacks with a Z axis; " + input.getTitle() + " has none. Use radius_z=0.");
		checkWindowCost(image);
		LocalParams p = params;
		// each channel and frame on its own: 2D windows per plane, or 3D windows within each Z stack
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle(method().id()), org.segmentij.image.Hyperslices.perVolume(image,
				new net.imglib2.type.numeric.integer.UnsignedByteType(), v -> LocalThreshold.mask(v.data(), method(), p))));
	}
}
