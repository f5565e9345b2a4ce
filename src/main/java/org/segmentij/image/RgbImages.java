package org.segmentij.image;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/** RGB images as gray ones: a luminance copy, or a view with the red, green and blue channels as a C axis. */
public final class RgbImages {

	private RgbImages() {
	}

	/**
	 * Luminance, rounded to 8 bits: 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, as ImageJ's
	 * weighted RGB conversion).
	 */
	public static AxisImage<UnsignedByteType> luminance(AxisImage<ARGBType> rgb) {
		long[] dims = rgb.data().dimensionsAsLongArray();
		Img<UnsignedByteType> out = ArrayImgs.unsignedBytes(dims);
		LoopBuilder.setImages(Views.zeroMin(rgb.data()), out).multiThreaded().forEachPixel((c, o) -> {
			int v = c.get();
			double y = 0.299 * ((v >> 16) & 0xff) + 0.587 * ((v >> 8) & 0xff) + 0.114 * (v & 0xff);
			o.set((int) Math.round(y));
		});
		return rgb.withData(rgb.title(), out);
	}

	/** A view (no copy) with red, green and blue as channels 0, 1, 2 of a C axis after Y. */
	public static AxisImage<UnsignedByteType> channels(AxisImage<ARGBType> rgb) {
		if (rgb.dimensionOf(Axis.C) >= 0)
			throw new IllegalArgumentException("The RGB image " + rgb.title() + " already has channels; split it first (Image > Color > Split Channels).");
		RandomAccessibleInterval<UnsignedByteType> ch = Converters.argbChannels(rgb.data(), 1, 2, 3);
		int n = rgb.data().numDimensions();
		RandomAccessibleInterval<UnsignedByteType> moved = n > 2 ? Views.moveAxis(ch, n, 2) : ch;
		List<Axis> axes = new ArrayList<>(rgb.axes());
		axes.add(2, Axis.C);
		double[] scale = insert(rgb.scale(), 1), origin = insert(rgb.origin(), 0);
		String[] units = new String[n + 1];
		String[] u = rgb.units();
		for (int d = 0, k = 0; d <= n; d++)
			units[d] = d == 2 ? ImagePlusAdapter.CHANNEL_UNIT : u[k++];
		return new AxisImage<>(rgb.title(), moved, axes, scale, origin, units);
	}

	private static double[] insert(double[] a, double v) {
		double[] b = new double[a.length + 1];
		for (int d = 0, k = 0; d < b.length; d++)
			b[d] = d == 2 ? v : a[k++];
		return b;
	}
}
