package org.segmentij.command.edge;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.UsageException;
import org.segmentij.classical.edge.CannyEdges;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Canny edges: Gaussian smoothing, Sobel gradient, non-maximum suppression, hysteresis. */
@Plugin(type = Command.class, name = "canny", label = "Canny Edges", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Edges>Canny Edges",
		description = "One-pixel-wide edges: Gaussian (sigma), Sobel, non-maximum suppression, hysteresis between low and high (Sobel magnitude units), or percentiles of the suppressed magnitudes when auto.")
public class CannyEdgesCommand extends ImageCommand {

	@Parameter(label = "Sigma", min = "0", description = "Gaussian smoothing in pixels (0 = none).")
	private double sigma = 2;

	@Parameter(label = "Auto thresholds", description = "Take low and high as percentiles of the suppressed gradient magnitudes.")
	private boolean auto_thresholds = false;

	@Parameter(label = "Low", min = "0", description = "Weak-edge threshold (Sobel magnitude), or a percentile 0..1 with auto thresholds.")
	private double low = 50;

	@Parameter(label = "High", min = "0", description = "Strong-edge threshold (Sobel magnitude), or a percentile 0..1 with auto thresholds.")
	private double high = 100;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		if (low > high)
			throw new UsageException("Canny Edges: low (" + low + ") is above high (" + high + "); swap them.");
		if (auto_thresholds && high > 1)
			throw new UsageException("Canny Edges: with auto thresholds, low and high are percentiles between 0 and 1, e.g. low=0.7 high=0.9.");
		AxisImage image = realImage();
		output = edges(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus edges(AxisImage<T> image) {
		try {
			return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("canny"), auto_thresholds
					? CannyEdges.detectAuto(image.data(), sigma, low, high) : CannyEdges.detect(image.data(), sigma, low, high)));
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("Canny Edges: " + e.getMessage());
		}
	}
}
