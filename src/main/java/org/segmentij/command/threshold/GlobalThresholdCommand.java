package org.segmentij.command.threshold;

import java.util.stream.Collectors;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.segmentij.classical.threshold.GlobalMethod;
import org.segmentij.classical.threshold.GlobalThreshold;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.command.ImageCommand;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.params.ParameterParser;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * A global threshold by one of Fiji's Auto Threshold methods; each method is a small subclass
 * (one command, one macro entry, one command-line id per method). The options are Fiji's:
 * dark objects, ignore black, ignore white, one stack histogram or slice by slice, mask or value
 * only; plus ImageJ 1's 256-bin histogram for 16-bit and float images when answers must be the
 * same as ImageJ's Threshold dialog (default: full resolution, one bin per 16-bit value).
 */
public abstract class GlobalThresholdCommand extends ImageCommand {

	@Parameter(label = "Dark objects", description = "Objects are darker than the background (default: brighter).")
	private boolean dark_objects = false;

	@Parameter(label = "Ignore black", description = "Leave the value 0 out of the histogram.")
	private boolean ignore_black = false;

	@Parameter(label = "Ignore white", description = "Leave the largest value of the type (255, 65535) out of the histogram.")
	private boolean ignore_white = false;

	@Parameter(label = "Each slice", description = "Threshold every slice (and channel, frame) with its own histogram; default: one histogram for the whole stack.")
	private boolean per_slice = false;

	@Parameter(label = "ImageJ histogram", description = "Use ImageJ 1's 256-bin histogram for 16-bit and float images (answers identical to ImageJ 1's Threshold); default: full resolution.")
	private boolean imagej_histogram = false;

	@Parameter(label = "Value only", description = "Compute the threshold only; no mask.")
	private boolean value_only = false;

	@Parameter(label = "RGB", choices = { "luminance", "channels" }, description = "For RGB images: threshold the luminance, or each of red, green and blue with its own threshold.")
	private String rgb = "luminance";

	@Parameter(type = ItemIO.OUTPUT, label = "Threshold", description = "Foreground is value > threshold (bright objects) or <= threshold (dark objects).")
	private double threshold;

	@Parameter(type = ItemIO.OUTPUT, label = "Thresholds", description = "With 'Each slice': the threshold of every plane, in stack order.")
	private String thresholds;

	/** The method this command applies. */
	protected abstract GlobalMethod method();

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage("channels".equals(rgb));
		output = apply(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus apply(AxisImage<T> image) {
		GlobalThreshold.Options o = new GlobalThreshold.Options(dark_objects, ignore_black, ignore_white,
				imagej_histogram ? Histogram.Mode.IMAGEJ_256 : Histogram.Mode.FULL);
		Img<UnsignedByteType> mask = null;
		boolean slices = per_slice || "channels".equals(rgb) && isRgb();
		if (slices) {
			GlobalThreshold.SliceResults r = GlobalThreshold.maskPerSlice(image.data(), method(), o);
			threshold = r.planes().get(0).threshold();
			thresholds = r.planes().stream().map(p -> ParameterParser.format(p.threshold())).collect(Collectors.joining(" "));
			mask = r.mask();
		}
		else {
			if (value_only)
				threshold = GlobalThreshold.compute(image.data(), method(), o).threshold();
			else {
				GlobalThreshold.Masked m = GlobalThreshold.computeAndMask(image.data(), method(), o);
				threshold = m.result().threshold();
				mask = m.mask();
			}
		}
		if (value_only)
			return null;
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle(method().id()), mask));
	}
}
