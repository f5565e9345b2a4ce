package org.segmentij.metrics;

import java.util.Locale;

import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import ij.measure.Calibration;
import net.imglib2.Cursor;
import net.imglib2.Localizable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Ground truth in the form the metrics use, from the forms it comes in: binary masks,
 * class masks and label images of any pixel type become {@code Img<IntType>} (0 =
 * background), and {@link #checkCompatible} tells whether a prediction and a ground truth
 * image can be compared at all. See {@link RoiGroundTruth} for ground truth drawn as ROIs.
 * <p>
 * The results have the input's dimensions, start at 0, and pixels are in the same order; the
 * inputs are never modified.
 */
public final class GroundTruth {

	private GroundTruth() {
	}

	/**
	 * A binary mask as a label image with the single label 1: every nonzero, non-NaN pixel is 1,
	 * the rest 0 (so a 0/255 mask and a 0/1 mask give the same result).
	 *
	 * @throws IllegalArgumentException for a null or too large image
	 */
	public static <T extends RealType<T>> Img<IntType> fromMask(RandomAccessibleInterval<T> mask) {
		Img<IntType> out = create("GroundTruth.fromMask", mask);
		Cursor<T> in = Views.flatIterable(mask).cursor();
		Cursor<IntType> o = Views.flatIterable(out).cursor();
		while (in.hasNext()) {
			double v = in.next().getRealDouble();
			o.next().set(v != 0 && v == v ? 1 : 0);
		}
		return out;
	}

	/**
	 * A class mask (semantic ground truth: each pixel value is a class, 0 = background) as an
	 * {@code IntType} image with the same values. Values must be whole numbers from 0 to
	 * {@code Integer.MAX_VALUE}; a 0/255 binary mask thus has the single class 255 (use
	 * {@link #fromMask} for class 1).
	 *
	 * @throws IllegalArgumentException for a null image or a value that is negative, NaN, not
	 *                                  whole or too large, naming the first such pixel
	 */
	public static <T extends RealType<T>> Img<IntType> fromClassMask(RandomAccessibleInterval<T> mask) {
		return integers("GroundTruth.fromClassMask", "class", mask);
	}

	/**
	 * A label image (instance ground truth: each object has its own value, 0 = background) of
	 * any real pixel type (8-, 16-, 32-bit integer, or float holding whole numbers, as ImageJ
	 * stores labels above 65535) as {@code IntType}, values unchanged.
	 *
	 * @throws IllegalArgumentException for a null image or a value that is negative, NaN, not
	 *                                  whole or too large, naming the first such pixel
	 */
	public static <T extends RealType<T>> Img<IntType> fromLabels(RandomAccessibleInterval<T> labels) {
		return integers("GroundTruth.fromLabels", "label", labels);
	}

	private static <T extends RealType<T>> Img<IntType> integers(String where, String what,
			RandomAccessibleInterval<T> img) {
		Img<IntType> out = create(where, img);
		Cursor<T> in = Views.flatIterable(img).localizingCursor();
		Cursor<IntType> o = Views.flatIterable(out).cursor();
		while (in.hasNext()) {
			double v = in.next().getRealDouble();
			if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v)))
				throw new IllegalArgumentException(where + ": the value " + v + " at " + position(in) + " is not a "
						+ what + " (" + what + "s are whole numbers from 0 to " + Integer.MAX_VALUE + ", 0 = background)"
						+ "; round, threshold or relabel the image first");
			o.next().set((int) v);
		}
		return out;
	}

	private static <T> Img<IntType> create(String where, RandomAccessibleInterval<T> img) {
		if (img == null)
			throw new IllegalArgumentException(where + ": the image must not be null");
		return LabelImages.create(img.dimensionsAsLongArray());
	}

	private static String position(Localizable l) {
		StringBuilder s = new StringBuilder("(");
		for (int d = 0; d < l.numDimensions(); d++)
			s.append(d == 0 ? "" : ", ").append(l.getLongPosition(d));
		return s.append(')').toString();
	}

	/**
	 * Checks that a prediction and a ground truth image can be compared pixel by pixel: neither
	 * is RGB, they have the same width, height, number of slices, channels and frames, and the
	 * same calibration: pixel width and height (and depth, for more than one slice) equal within
	 * a relative 10<sup>-6</sup>, in the same unit. An uncalibrated image (pixel size 1, unit
	 * pixel or none) is compatible with any calibration: masks saved by other tools often have none. Messages name both images, e.g.
	 * "Prediction cells-otsu is 512x512x1 but ground truth truth.tif is 512x400x1; they must have
	 * the same size." (width x height x slices, plus channels and frames where either has more
	 * than one).
	 *
	 * @throws IllegalArgumentException with a message saying what differs and what to do
	 */
	public static void checkCompatible(ImagePlus prediction, ImagePlus truth) {
		if (prediction == null || truth == null)
			throw new IllegalArgumentException("No " + (prediction == null ? "prediction" : "ground truth")
					+ " image: open it first");
		checkNotRgb("Prediction", prediction);
		checkNotRgb("Ground truth", truth);
		int[] a = prediction.getDimensions(), b = truth.getDimensions(); // w, h, c, z, t
		if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[3] != b[3] || a[4] != b[4]) {
			boolean ct = a[2] > 1 || b[2] > 1 || a[4] > 1 || b[4] > 1;
			throw new IllegalArgumentException("Prediction " + prediction.getTitle() + " is " + size(a, ct)
					+ " but ground truth " + truth.getTitle() + " is " + size(b, ct)
					+ "; they must have the same size. Check that you picked the matching ground truth, or crop or "
					+ "pad one of them (Image > Crop, Image > Adjust > Canvas Size...).");
		}
		Calibration ca = prediction.getCalibration(), cb = truth.getCalibration();
		boolean threeD = a[3] > 1;
		boolean same = !scaled(ca, threeD) || !scaled(cb, threeD) || sameUnit(ca, cb, threeD) && close(ca.pixelWidth, cb.pixelWidth)
				&& close(ca.pixelHeight, cb.pixelHeight) && (!threeD || close(ca.pixelDepth, cb.pixelDepth));
		if (!same)
			throw new IllegalArgumentException("Calibrations differ: prediction " + calibration(ca, threeD)
					+ ", ground truth " + calibration(cb, threeD) + "; give both the same pixel size with "
					+ "Image > Properties... (or remove the calibration of both) before comparing them.");
	}

	private static void checkNotRgb(String what, ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException(what + " " + imp.getTitle() + " is an RGB image; masks and labels must "
					+ "be 8-, 16- or 32-bit (Image > Type > 8-bit, or 16-bit for more than 255 labels).");
	}

	private static String size(int[] d, boolean channelsAndFrames) {
		String s = d[0] + "x" + d[1] + "x" + d[3];
		if (channelsAndFrames)
			s += " (" + d[2] + (d[2] == 1 ? " channel, " : " channels, ") + d[4] + (d[4] == 1 ? " frame)" : " frames)");
		return s;
	}

	private static boolean sameUnit(Calibration a, Calibration b, boolean threeD) {
		boolean sa = scaled(a, threeD), sb = scaled(b, threeD);
		if (!sa || !sb)
			return true; // an uncalibrated image (a mask saved by another tool) takes the other's calibration
		return a.getUnit().equals(b.getUnit());
	}

	/** As {@link Calibration#scaled()}, but the pixel depth only counts for more than one slice. */
	static boolean scaled(Calibration c, boolean threeD) {
		String u = c.getUnit() == null ? "" : c.getUnit().trim();
		boolean pixelUnit = u.isEmpty() || u.equals("pixel") || u.equals("pixels");
		return c.pixelWidth != 1 || c.pixelHeight != 1 || (threeD && c.pixelDepth != 1) || !pixelUnit;
	}

	private static boolean close(double x, double y) {
		return x == y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
	}

	private static String calibration(Calibration c, boolean threeD) {
		if (!scaled(c, threeD))
			return "uncalibrated (pixels)";
		boolean equal = c.pixelWidth == c.pixelHeight && (!threeD || c.pixelDepth == c.pixelWidth);
		String sizes = equal ? num(c.pixelWidth)
				: num(c.pixelWidth) + "x" + num(c.pixelHeight) + (threeD ? "x" + num(c.pixelDepth) : "");
		return sizes + " " + c.getUnit() + (threeD ? "/voxel" : "/pixel");
	}

	private static String num(double v) {
		String s = String.format(Locale.ROOT, "%.6g", v);
		if (s.contains("e") || s.contains("E"))
			return s;
		if (s.contains("."))
			s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
		return s;
	}
}
