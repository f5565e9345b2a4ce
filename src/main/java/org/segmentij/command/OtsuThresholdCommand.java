package org.segmentij.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.OtsuThreshold;
import org.segmentij.classical.threshold.ThresholdRange;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Otsu global threshold: a binary mask (255 = object), the same as ImageJ 1's Otsu. */
@Plugin(type = Command.class, name = "otsu", label = "Otsu Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Otsu Threshold",
		description = "Global threshold by Otsu's method (ImageJ 1's AutoThresholder on a 256-bin histogram); one threshold for the whole image or stack.")
public class OtsuThresholdCommand extends ImageCommand {

	@Parameter(label = "Dark objects", description = "Objects are darker than the background (default: brighter).")
	private boolean dark_objects = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Lower threshold")
	private double lower;

	@Parameter(type = ItemIO.OUTPUT, label = "Upper threshold")
	private double upper;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = segment(image);
	}

	private <T extends RealType<T> & NativeType<T>> ij.ImagePlus segment(AxisImage<T> image) {
		ThresholdRange range = OtsuThreshold.range(image.data(), dark_objects);
		lower = range.lower();
		upper = range.upper();
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("otsu"), range.mask(image.data())));
	}
}
