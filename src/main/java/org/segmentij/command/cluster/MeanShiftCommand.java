package org.segmentij.command.cluster;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.cluster.MeanShift;
import org.segmentij.classical.cluster.MeanShift.ColourSpace;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;

/** Mean-shift filtering and segmentation (Comaniciu and Meer): labels, or the filtered image. */
@Plugin(type = Command.class, name = "mean-shift", label = "Mean Shift", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Clustering>Mean Shift",
		description = "Mean-shift filtering in the joint spatial-range domain (flat kernels: square window of half-width sp, range ball sr; as OpenCV's pyrMeanShiftFiltering, optionally on a pyramid with max_level), then 4-connected pixels with modes within sr/2 grouped into regions and regions below min_size merged: labels 1..n, or the filtered image.")
public class MeanShiftCommand extends ImageCommand {

	@Parameter(label = "Spatial bandwidth", min = "1", description = "Half-width sp of the square spatial window, in pixels.")
	private int sp = 10;

	@Parameter(label = "Range bandwidth", description = "Radius sr of the range ball, in pixel-value units (RGB 0..255 per channel, or L*a*b* units).")
	private double sr = 20;

	@Parameter(label = "Max iterations", min = "1", description = "Most mean-shift steps per pixel.")
	private int max_iter = 5;

	@Parameter(label = "Epsilon", min = "0", description = "Stop once a step moves the point by at most this (joint position and value shift).")
	private double eps = 1;

	@Parameter(label = "Pyramid levels", min = "0", max = "8", description = "Gaussian pyramid levels above the image (0 = none): filter the coarsest level and refine only where modes change, as OpenCV's maxLevel.")
	private int max_level = 0;

	@Parameter(label = "Colour space", choices = { "rgb", "lab" }, description = "For RGB images: filter in RGB, or in CIE L*a*b* (sr then in Lab units).")
	private String colour_space = "rgb";

	@Parameter(label = "Minimum region size", min = "0", description = "Regions smaller than this many pixels are merged into their closest neighbour (0 or 1: none).")
	private int min_size = 20;

	@Parameter(label = "Output", choices = { "labels", "filtered" }, description = "labels: the segmentation (1..n); filtered: the mean-shift filtered image (same type as the input).")
	private String output_type = "labels";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		MeanShift.Params p;
		try {
			p = new MeanShift.Params(sp, sr, max_iter, eps, max_level);
			if (min_size < 0)
				throw new IllegalArgumentException("min_size must be >= 0 (got " + min_size + "); use e.g. min_size=20");
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("Mean Shift: " + e.getMessage());
		}
		boolean filtered = "filtered".equalsIgnoreCase(output_type);
		if (isRgb()) {
			ColourSpace space = "lab".equalsIgnoreCase(colour_space) ? ColourSpace.LAB : ColourSpace.RGB;
			AxisImage<ARGBType> rgb = (AxisImage<ARGBType>) (AxisImage<?>) ImagePlusAdapter.wrap(requireInput());
			output = filtered
					? ImagePlusAdapter.toImagePlus(rgb.withData(resultTitle("meanshift-filtered"), MeanShift.filterRgb(rgb.data(), p, space)))
					: LabelImages.toImagePlus(rgb.withData(resultTitle("meanshift"), MeanShift.segmentRgb(rgb.data(), p, space, min_size)));
			return;
		}
		AxisImage image = realImage();
		output = gray(image, p, filtered);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus gray(AxisImage<T> image, MeanShift.Params p, boolean filtered) {
		if (filtered)
			return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("meanshift-filtered"), MeanShift.filter(image.data(), p)));
		return LabelImages.toImagePlus(image.withData(resultTitle("meanshift"), MeanShift.segment(image.data(), p, min_size)));
	}
}
