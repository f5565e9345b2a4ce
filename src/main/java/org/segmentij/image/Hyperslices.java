package org.segmentij.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.NativeType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * Applies a spatial (2D or 3D) algorithm to each channel and frame of a hyperstack on its own,
 * so that techniques defined on X, Y(, Z) keep the input's channel and time axes.
 */
public final class Hyperslices {

	private Hyperslices() {
	}

	/**
	 * The result of {@code f} on every spatial volume (X, Y and Z if present) of the image, one per
	 * channel and frame, assembled into an image of the input's dimensions. With no channel or
	 * time axis, {@code f} runs once on the whole image. Each volume handed to {@code f} is a
	 * view (not a copy) with its spatial axes' calibration; {@code f} must return an image of the
	 * volume's size.
	 */
	public static <T extends NativeType<T>, U extends NativeType<U>> RandomAccessibleInterval<U> perVolume(AxisImage<T> image,
			U type, Function<AxisImage<T>, RandomAccessibleInterval<U>> f) {
		int dc = image.dimensionOf(Axis.C), dt = image.dimensionOf(Axis.T);
		if (dc < 0 && dt < 0)
			return f.apply(image);
		long nc = image.size(Axis.C), nt = image.size(Axis.T);
		Img<U> out = Util.getSuitableImgFactory(image.data(), type).create(image.data());
		List<Axis> axes = new ArrayList<>();
		List<Integer> keep = new ArrayList<>();
		for (int d = 0; d < image.axes().size(); d++)
			if (d != dc && d != dt) {
				axes.add(image.axes().get(d));
				keep.add(d);
			}
		double[] scale = new double[keep.size()], origin = new double[keep.size()];
		String[] units = new String[keep.size()];
		for (int i = 0; i < keep.size(); i++) {
			scale[i] = image.scale()[keep.get(i)];
			origin[i] = image.origin()[keep.get(i)];
			units[i] = image.units()[keep.get(i)];
		}
		for (long t = 0; t < nt; t++)
			for (long c = 0; c < nc; c++) {
				org.segmentij.TaskMonitor.checkCanceled(image.title());
				org.segmentij.TaskMonitor.progress("volumes", t * nc + c, nt * nc);
				RandomAccessibleInterval<T> in = slice(image.data(), dc, c, dt, t);
				AxisImage<T> volume = new AxisImage<>(image.title(), in, axes, scale, origin, units);
				RandomAccessibleInterval<U> r = f.apply(volume);
				LoopBuilder.setImages(Views.zeroMin(r), Views.zeroMin(slice(out, dc, c, dt, t))).forEachPixel((a, b) -> b.set(a));
			}
		return out;
	}

	private static <V> RandomAccessibleInterval<V> slice(RandomAccessibleInterval<V> img, int dc, long c, int dt, long t) {
		RandomAccessibleInterval<V> v = img;
		if (dt >= 0) // T comes after C: slice it first so that dc stays valid
			v = Views.hyperSlice(v, dt, v.min(dt) + t);
		if (dc >= 0)
			v = Views.hyperSlice(v, dc, v.min(dc) + c);
		return v;
	}
}
