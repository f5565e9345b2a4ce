package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.params.ParameterParser;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * Every global method on the first plane, as a montage of masks labelled with the method and its
 * threshold (or a labelled stack), to choose a method by eye as Fiji's Auto Threshold "Try all"
 * does.
 */
@Plugin(type = Command.class, name = "try-all-thresholds", label = "Try All Thresholds", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Try All Thresholds",
		description = "Applies all 17 global methods to the first plane (2D slice) and shows the masks as a labelled montage.")
public class TryAllThresholdsCommand extends ImageCommand {

	@Parameter(label = "Dark objects", description = "Objects are darker than the background (default: brighter).")
	private boolean dark_objects = false;

	@Parameter(label = "ImageJ histogram", description = "Use ImageJ 1's 256-bin histogram for 16-bit and float images.")
	private boolean imagej_histogram = false;

	@Parameter(label = "Stack", description = "Give the masks as a labelled stack instead of one montage image.")
	private boolean stack = false;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage(false);
		output = montage(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus montage(AxisImage<T> image) {
		RandomAccessibleInterval<T> plane = image.data();
		while (plane.numDimensions() > 2)
			plane = Views.hyperSlice(plane, plane.numDimensions() - 1, plane.min(plane.numDimensions() - 1));
		int w = (int) plane.dimension(0), h = (int) plane.dimension(1);
		GlobalThreshold.Options o = new GlobalThreshold.Options(dark_objects, false, false,
				imagej_histogram ? Histogram.Mode.IMAGEJ_256 : Histogram.Mode.FULL);
		Histogram hist = Histogram.compute(plane, o.mode());
		ImageStack masks = new ImageStack(w, h);
		for (GlobalMethod m : GlobalMethod.values()) {
			GlobalThreshold.Result r = GlobalThreshold.fromHistogram(hist, m, o);
			Img<UnsignedByteType> mask = r.range().mask(plane);
			byte[] px = new byte[w * h];
			int i = 0;
			for (UnsignedByteType t : mask)
				px[i++] = (byte) t.get();
			masks.addSlice(m.label() + " " + ParameterParser.format(r.threshold()), new ByteProcessor(w, h, px));
		}
		ImagePlus out = new ImagePlus(resultTitle("try-all"), masks);
		out.setCalibration(input.getCalibration().copy());
		if (this.stack)
			return out;
		// a 6 x 3 montage, labelled with method and threshold, at most about 1800 pixels wide
		double scale = Math.min(1, 1800.0 / (6 * w));
		ImagePlus m = new ij.plugin.MontageMaker().makeMontage2(out, 6, 3, scale, 1, masks.getSize(), 1, 2, true);
		m.setTitle(resultTitle("try-all"));
		return m;
	}
}
