package org.segmentij.command.edge;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.edge.Gradients;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/** Sobel (or Scharr) gradient magnitude or direction of each plane, as a 32-bit image. */
@Plugin(type = Command.class, name = "sobel", label = "Sobel Edges", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Edges>Sobel Edges",
		description = "Gradient magnitude (or direction in radians) with the 3x3 Sobel or Scharr kernels, unnormalised as OpenCV's; borders replicate.")
public class SobelCommand extends ImageCommand {

	@Parameter(label = "Kernel", choices = { "sobel", "scharr" }, description = "sobel: [1 2 1] x [-1 0 1]; scharr: [3 10 3] x [-1 0 1].")
	private String kernel = "sobel";

	@Parameter(label = "Output", choices = { "magnitude", "direction" }, description = "magnitude: sqrt(gx^2 + gy^2); direction: atan2(gy, gx) in radians.")
	private String result = "magnitude";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = edges(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus edges(AxisImage<T> image) {
		boolean scharr = "scharr".equals(kernel);
		if (!"direction".equals(result))
			return ImagePlusAdapter.toImagePlus(image.withData(resultTitle(kernel),
					scharr ? Gradients.scharrMagnitude(image.data()) : Gradients.sobelMagnitude(image.data())));
		Gradients.Gradient g = scharr ? Gradients.scharr(image.data()) : Gradients.sobel(image.data());
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle(kernel), g.direction()));
	}
}
