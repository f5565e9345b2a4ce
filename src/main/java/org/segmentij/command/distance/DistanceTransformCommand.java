package org.segmentij.command.distance;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.InputException;
import org.segmentij.classical.distance.DistanceTransform;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Exact Euclidean distance transform of a mask, calibrated, 2D or 3D, as a 32-bit image. */
@Plugin(type = Command.class, name = "distance-transform", label = "Distance Transform", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Distance Transform",
		description = "Exact Euclidean distance of every object pixel (nonzero) to the nearest background pixel, or of every background pixel to the nearest object; calibrated; 3D for stacks; 32-bit result.")
public class DistanceTransformCommand extends ImageCommand {

	@Parameter(label = "Background to objects", description = "Give the distance of background pixels to the nearest object instead (0 on objects).")
	private boolean inverse = false;

	@Parameter(label = "Calibrated", description = "Distances in calibrated units with the image's pixel width, height and depth (anisotropic voxels are handled exactly); off: in pixels.")
	private boolean calibrated = true;

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = transform(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus transform(AxisImage<T> mask) {
		if (mask.dimensionOf(Axis.C) >= 0 || mask.dimensionOf(Axis.T) >= 0)
			throw new InputException("Distance Transform works on 2D images and Z stacks; " + input.getTitle()
					+ " has channels or frames: split them first (Image > Hyperstacks > Reduce Dimensionality...).");
		double[] spacing = calibrated ? mask.scale() : new double[0];
		for (double s : spacing)
			if (!(s > 0) || Double.isInfinite(s))
				throw new InputException("Distance Transform: the image's pixel size is " + java.util.Arrays.toString(spacing)
						+ "; set it with Image > Properties, or turn 'calibrated' off for distances in pixels.");
		Img<FloatType> d = inverse ? DistanceTransform.distanceToForeground(mask.data(), spacing)
				: DistanceTransform.distanceToBackground(mask.data(), spacing);
		return ImagePlusAdapter.toImagePlus(mask.withData(resultTitle("distance"), d));
	}
}
