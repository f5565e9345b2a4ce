package org.segmentij.command.edge;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.edge.LaplacianOfGaussian;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Scale-normalised Laplacian of Gaussian, or its zero crossings as edges. */
@Plugin(type = Command.class, name = "log", label = "Laplacian of Gaussian", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Edges>Laplacian of Gaussian",
		description = "sigma^2 times the Laplacian of the Gaussian-smoothed image (32-bit), or its zero crossings with at least min_slope as a mask; 3D for stacks.")
public class LaplacianOfGaussianCommand extends ImageCommand {

	@Parameter(label = "Sigma", min = "0.1", description = "Gaussian sigma in pixels (the same along every axis).")
	private double sigma = 2;

	@Parameter(label = "Zero crossings", description = "Give the zero crossings (edges) as a mask instead of the filtered image.")
	private boolean zero_crossings = false;

	@Parameter(label = "Min slope", min = "0", description = "Smallest jump across a zero crossing that counts as an edge.")
	private double min_slope = 0;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = filter(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus filter(AxisImage<T> image) {
		double[] s = new double[image.data().numDimensions()];
		// spatial axes only: channels and frames are separate images, not a dimension to smooth
		for (int d = 0; d < s.length; d++)
			s[d] = image.axes().get(d).isSpatial() ? sigma : 0;
		Img<FloatType> log = LaplacianOfGaussian.filter(image.data(), s);
		if (zero_crossings)
			return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("log-edges"), LaplacianOfGaussian.zeroCrossings(log, min_slope)));
		return ImagePlusAdapter.toImagePlus(image.withData(resultTitle("log"), log));
	}
}
