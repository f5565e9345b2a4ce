package org.segmentij.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;

/**
 * An ImgLib2 image with what an ImagePlus knows besides its pixels: a title, the axis each
 * dimension stands for, and a calibration per axis. Dimension d of {@link #data()} is axis
 * {@code axes().get(d)}; axes always appear in the order X, Y, C, Z, T, and axes of size one
 * other than X and Y are left out.
 *
 * @param title    image title (the ImagePlus title)
 * @param data     the pixels; for a wrapped ImagePlus a view on its own arrays, not a copy
 * @param axes     the axis of each dimension, in order
 * @param scale    size of one pixel along each dimension, in {@code units[d]} (1 for C and T,
 *                 frame interval for T when known)
 * @param origin   calibrated origin along each dimension (0 when unknown)
 * @param units    unit of each dimension ("pixel" when uncalibrated)
 */
public record AxisImage<T extends NativeType<T>>(String title, RandomAccessibleInterval<T> data, List<Axis> axes,
		double[] scale, double[] origin, String[] units) {

	public AxisImage {
		Objects.requireNonNull(data, "data");
		axes = List.copyOf(axes);
		int n = data.numDimensions();
		if (axes.size() != n || scale.length != n || origin.length != n || units.length != n)
			throw new IllegalArgumentException("AxisImage: " + n + " dimensions but " + axes.size() + " axes, "
					+ scale.length + " scales, " + origin.length + " origins and " + units.length + " units");
		for (int i = 1; i < n; i++)
			if (axes.get(i).ordinal() <= axes.get(i - 1).ordinal())
				throw new IllegalArgumentException("AxisImage: axes must be distinct and in the order X, Y, C, Z, T: " + axes);
		scale = scale.clone();
		origin = origin.clone();
		units = units.clone();
		if (title == null)
			title = "";
	}

	/** An uncalibrated image whose dimensions are the given axes. */
	public static <T extends NativeType<T>> AxisImage<T> of(String title, RandomAccessibleInterval<T> data, Axis... axes) {
		int n = axes.length;
		double[] scale = new double[n];
		Arrays.fill(scale, 1);
		String[] units = new String[n];
		Arrays.fill(units, "pixel");
		return new AxisImage<>(title, data, List.of(axes), scale, new double[n], units);
	}

	/** Dimension index of the axis, or -1 when the image has no such axis (its size is one). */
	public int dimensionOf(Axis axis) {
		return axes.indexOf(axis);
	}

	/** Size along the axis; 1 for an axis the image does not have. */
	public long size(Axis axis) {
		int d = dimensionOf(axis);
		return d < 0 ? 1 : data.dimension(d);
	}

	/** Number of spatial dimensions among the image's axes (2 or 3). */
	public int spatialDimensions() {
		int s = 0;
		for (Axis a : axes)
			if (a.isSpatial())
				s++;
		return s;
	}

	/** The same metadata around other pixels of the same dimensions (a result of an algorithm). */
	public <U extends NativeType<U>> AxisImage<U> withData(String newTitle, RandomAccessibleInterval<U> newData) {
		if (newData.numDimensions() != data.numDimensions())
			throw new IllegalArgumentException("withData: " + newData.numDimensions() + " dimensions, expected " + data.numDimensions());
		return new AxisImage<>(newTitle, newData, axes, scale, origin, units);
	}

	@Override
	public double[] scale() {
		return scale.clone();
	}

	@Override
	public double[] origin() {
		return origin.clone();
	}

	@Override
	public String[] units() {
		return units.clone();
	}

	@Override
	public String toString() {
		return "AxisImage[" + title + ", " + axes + " " + Arrays.toString(data.dimensionsAsLongArray()) + "]";
	}
}
