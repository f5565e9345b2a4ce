package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.threshold.LocalMethod;
import org.segmentij.classical.threshold.LocalParams;
import org.segmentij.classical.threshold.LocalThreshold;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;

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
 * Every local method on the first plane with one radius and each method's default parameters
 * (Fiji's Auto Local Threshold defaults), as a montage of masks labelled with the method, to
 * choose a method by eye as Fiji's Auto Local Threshold "Try all" does.
 */
@Plugin(type = Command.class, name = "try-all-local-thresholds", label = "Try All Local Thresholds", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Local>Try All Local Thresholds",
		description = "Applies all 10 local methods (their default parameters) to the first plane (2D slice) and shows the masks as a labelled montage.")
public class TryAllLocalThresholdsCommand extends ImageCommand {

	@Parameter(label = "Radius", min = "1", description = "Window radius in pixels.")
	private double radius = LocalParams.DEFAULT_RADIUS;

	@Parameter(label = "Window", choices = { "square", "circle" }, description = "square: running sums; circle: as Fiji's Auto Local Threshold.")
	private String window = "square";

	@Parameter(label = "Dark objects", description = "Objects are darker than their surroundings (default: brighter).")
	private boolean dark_objects = false;

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
		LocalThresholdCommand.checkWindow(image, radius, 0);
		ImageStack masks = new ImageStack(w, h);
		for (LocalMethod m : LocalMethod.values()) {
			LocalParams p;
			try {
				p = LocalParams.defaults(m).withRadius(radius).withWindow(window).withDarkObjects(dark_objects);
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			Img<UnsignedByteType> mask = LocalThreshold.mask(plane, m, p);
			byte[] px = new byte[w * h];
			int i = 0;
			for (UnsignedByteType t : mask)
				px[i++] = (byte) t.get();
			masks.addSlice(m.label(), new ByteProcessor(w, h, px));
		}
		ImagePlus out = new ImagePlus(resultTitle("try-all-local"), masks);
		out.setCalibration(input.getCalibration().copy());
		if (this.stack)
			return out;
		double scale = Math.min(1, 1500.0 / (5 * w)); // 5 x 2, at most about 1500 pixels wide
		ImagePlus m = new ij.plugin.MontageMaker().makeMontage2(out, 5, 2, scale, 1, masks.getSize(), 1, 2, true);
		m.setTitle(resultTitle("try-all-local"));
		return m;
	}
}
