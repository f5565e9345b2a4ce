package org.segmentij.command.threshold;

import org.scijava.plugin.Parameter;
import org.segmentij.UsageException;
import org.segmentij.params.ParameterParser;
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
	 * A window far beyond the image is refused rather than run for hours: borders replicate the
	 * edge pixels, so such a window is mostly copies of the border, and every method's time grows
	 * with the window (running sums with its height, median, Otsu and circle windows with its
	 * area); a window of (2r+1)^2 (2rz+1) pixels must also stay countable. Windows up to twice the
	 * image's larger side (plus 50) are taken, so a default radius works on the smallest images.
	 */
	static void checkWindow(AxisImage<?> image, double radius, double radius_z) {
		long w = image.size(org.segmentij.image.Axis.X), h = image.size(org.segmentij.image.Axis.Y);
		long d = Math.max(1, image.size(org.segmentij.image.Axis.Z));
		long limit = Math.min(2 * Math.max(w, h) + 50, 20_000), limitZ = Math.min(2 * d + 50, 2_000);
		if (radius > limit)
			throw new UsageException("radius=" + ParameterParser.format(radius) + " is far larger than the image (" + w + " x " + h
					+ " pixels): such a window is mostly replicated border, and its time grows with its size. Use a radius of at most " + limit + ".");
		long side = 2 * (long) Math.floor(radius) + 1, sideZ = 2 * (long) Math.floor(radius_z) + 1;
		if (radius_z > limitZ || side * side * sideZ > Integer.MAX_VALUE / 2)
			throw new UsageException("radius=" + ParameterParser.format(radius) + " with radius_z=" + ParameterParser.format(radius_z)
					+ " is a window of " + side + " x " + side + " x " + sideZ + " pixels, too large for a stack of " + d
					+ " slices; use a radius_z of at most " + limitZ + " (and a smaller radius).");
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
		checkWindow(image, radius, radius_z);
		LocalParams p = params;
		// each channel and frame on its own: 2D windows per plane, or 3D windows within each Z stack
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle(method().id()), org.segmentij.image.Hyperslices.perVolume(image,
				new net.imglib2.type.numeric.integer.UnsignedByteType(), v -> LocalThreshold.mask(v.data(), method(), p))));
	}
}
