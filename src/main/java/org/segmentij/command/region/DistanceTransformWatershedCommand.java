package org.segmentij.command.region;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.segmentij.classical.region.ConnectedComponents;
import org.segmentij.classical.region.Watershed;
import org.segmentij.command.ImageCommand;
import org.segmentij.command.Techniques;
import org.segmentij.image.AxisImage;
import org.segmentij.image.LabelImages;

import ij.ImagePlus;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * Splits touching objects of a mask: exact (calibrated) distance transform, h-maxima of the
 * distance as markers, watershed of the negated distance inside the mask. 2D or 3D.
 */
@Plugin(type = Command.class, name = "distance-watershed", label = "Distance Transform Watershed", headless = true,
		menuRoot = Techniques.MENU_ROOT, menuPath = Techniques.MENU + "Regions>Distance Transform Watershed",
		description = "Labels the objects of a mask (nonzero pixels), splitting touching ones along the necks of the distance transform; 3D for stacks.")
public class DistanceTransformWatershedCommand extends ImageCommand {

	@Parameter(label = "H", min = "0", description = "Dynamic of the distance maxima used as seeds, in calibrated units (about one pixel splits round touching nuclei).")
	private double h = 1;

	@Parameter(label = "Connectivity", choices = { "full", "face" }, description = "full: 8-connected in 2D, 26 in 3D; face: 4 / 6.")
	private String connectivity = "full";

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void run() {
		AxisImage image = realImage();
		output = split(image);
	}

	private <T extends RealType<T> & NativeType<T>> ImagePlus split(AxisImage<T> mask) {
		ConnectedComponents.Connectivity c = "face".equals(connectivity) ? ConnectedComponents.Connectivity.FACE
				: ConnectedComponents.Connectivity.FULL;
		// each channel and frame on its own (2D or 3D), labels numbered within each
		return LabelImages.toImagePlus(mask.withData(resultTitle("watershed"), org.segmentij.image.Hyperslices.perVolume(mask,
				new net.imglib2.type.numeric.integer.IntType(), v -> Watershed.splitTouching(v.data(), v.scale(), h, c))));
	}
}
