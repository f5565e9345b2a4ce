package org.segmentij.command.threshold;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.threshold.Histogram;
import org.segmentij.classical.threshold.MultiOtsu;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Multi-level Otsu: k intensity classes maximising the between-class variance, as a label image (0 = darkest class). */
@Plugin(type = Command.class, name = "multi-otsu", label = "Multi-level Otsu", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Threshold>Global>Multi-level Otsu",
		description = "Splits the histogram into k classes maximising the between-class variance; gives a label image with classes 0 (darkest) to k-1.")
public class MultiOtsuCommand extends ImageCommand {

	@Parameter(label = "Classes", min = "2", max = "16", description = "Number of intensity classes k.")
	private int classes = 3;

	@Parameter(label = "ImageJ histogram", description = "Use ImageJ 1's 256-bin histogram for 16-bit and float images.")
	private boolean imagej_histogram = false;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage(false);
		output = classify(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus classify(AxisImage<T> image) {
		return LabelImages.toImagePlus(image.withData(resultTitle("multi-otsu"),
				MultiOtsu.labels(image.data(), classes, imagej_histogram ? Histogram.Mode.IMAGEJ_256 : Histogram.Mode.FULL)));
	}
}
