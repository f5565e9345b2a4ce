package org.segmentij.command.threshold;

import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.threshold.ManualThreshold;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** A fixed threshold range: pixels with lower <= value <= upper become objects (255). */
@Plugin(type = Command.class, name = "manual-threshold", label = "Manual Threshold", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Manual Threshold",
		description = "Objects are the pixels whose value lies in [lower, upper], as ImageJ's setThreshold(lower, upper).")
public class ManualThresholdCommand extends ImageCommand {

	@Parameter(label = "Lower", description = "Smallest value that is foreground (inclusive).")
	private double lower = 128;

	@Parameter(label = "Upper", description = "Largest value that is foreground (inclusive); Infinity for no limit.")
	private double upper = Double.POSITIVE_INFINITY;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		if (lower > upper)
			throw new UsageException("Manual Threshold: lower (" + lower + ") is above upper (" + upper + "); swap them.");
		AxisImage image = realImage();
		output = segment(image);
	}

	private <T extends RealType<T> & NativeType<T>> ij.ImagePlus segment(AxisImage<T> image) {
		return ImagePlusAdapter.toImagePlus(
				image.withData(resultTitle("threshold"), ManualThreshold.mask(image.data(), lower, upper)));
	}
}
